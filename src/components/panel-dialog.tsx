"use client";

import { useEffect, useLayoutEffect, useRef, type ReactNode } from "react";
import { useMediaQuery } from "@/lib/use-media-query";

/**
 * A side panel on a wide screen, a full-screen dialog on a narrow one (a phone), where a panel
 * beside the list would open off-screen. One native <dialog>: modal (focus kept inside, the page
 * behind inert) below `wide`, in the page's flow above it. Focus moves to its heading on open;
 * Escape or Close closes it, and focus goes back to what opened it.
 */
export function PanelDialog({
  label,
  onClose,
  className,
  wide = "(min-width: 1100px)",
  children,
  testId,
  data,
  focusKey,
}: {
  label: string;
  onClose: () => void;
  className?: string;
  wide?: string;
  children: ReactNode;
  testId?: string;
  data?: Record<`data-${string}`, string>;
  /** When it changes (the content arrived after "Loading…"), focus moves to the new heading. */
  focusKey?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const isWide = useMediaQuery(wide);
  const opener = useRef<Element | null>(null);
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  });

  // What had focus when the panel opened gets it back when the panel goes: the dialog is closed
  // first, while still in the page (a modal one leaves the page behind it inert until then).
  useLayoutEffect(() => {
    opener.current = document.activeElement;
    const dialog = ref.current;
    return () => {
      if (dialog?.open) dialog.close();
      const el = opener.current;
      if (el instanceof HTMLElement && el.isConnected) el.focus();
    };
  }, []);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog || isWide === null) return;
    if (dialog.open) dialog.close();
    if (isWide) dialog.show();
    else dialog.showModal();
  }, [isWide]);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog || isWide === null) return;
    const heading = dialog.querySelector<HTMLElement>("[data-panel-focus]") ?? dialog;
    heading.focus({ preventScroll: !!isWide });
    if (isWide) dialog.scrollIntoView({ block: "nearest" });
  }, [isWide, focusKey]);

  return (
    <dialog
      ref={ref}
      className={`${className ?? ""} panel-dialog`}
      aria-label={label}
      data-testid={testId}
      {...data}
      onCancel={(e) => {
        e.preventDefault();
        close.current();
      }}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.preventDefault();
          close.current();
        }
      }}
    >
      {children}
    </dialog>
  );
}
