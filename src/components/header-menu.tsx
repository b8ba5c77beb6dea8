"use client";

import { usePathname } from "next/navigation";
import { type ReactNode, useEffect, useId, useRef, useState } from "react";

/**
 * The header's navigation behind a Menu button on phones (a disclosure: the button says whether the
 * list is shown, Escape or a tap outside closes it and puts focus back on the button, moving to
 * another page closes it). On wider screens the CSS shows the list inline and hides the button;
 * without JavaScript (`@media (scripting: none)`) the list is simply shown. Its label comes from the
 * server-rendered header, so the page ships no translation runtime for it.
 */
export function HeaderMenu({ label, children }: { label: string; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const [openedAt, setOpenedAt] = useState<string | null>(null);
  const pathname = usePathname();
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);

  // A link followed inside the menu lands on another page: the menu is closed there.
  const shown = open && openedAt === pathname;

  useEffect(() => {
    if (!shown) return;
    const close = (returnFocus: boolean) => {
      setOpen(false);
      if (returnFocus) button.current?.focus();
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") close(true);
    };
    const onPointer = (e: PointerEvent) => {
      const target = e.target as Node;
      if (!panel.current?.contains(target) && !button.current?.contains(target)) close(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointer);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPointer);
    };
  }, [shown]);

  return (
    <>
      <button
        ref={button}
        type="button"
        className="menu-button"
        aria-expanded={shown}
        aria-controls={id}
        onClick={() => {
          setOpen(!shown);
          setOpenedAt(pathname);
        }}
      >
        <span aria-hidden="true" className="menu-icon" />
        {label}
      </button>
      {/* A link followed from the menu closes it, even one to the page already open. */}
      <div
        ref={panel}
        id={id}
        className="site-menu"
        data-open={shown ? "true" : "false"}
        onClick={(e) => {
          if ((e.target as Element).closest("a")) setOpen(false);
        }}
      >
        {children}
      </div>
    </>
  );
}
