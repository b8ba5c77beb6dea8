"use client";

import { useEffect, useRef, type ReactNode } from "react";
import { useLabels } from "@/lib/labels";
import { errorId, focusById, hintId } from "./use-form-errors";

/**
 * A field's error, next to it: always in the page (so a screen reader hears it when it appears,
 * through aria-live) and named by the control's aria-describedby while it holds a message.
 */
export function FieldError({ id, message }: { id: string; message?: string | null }) {
  return (
    <p id={errorId(id)} className="field-error" aria-live="polite" data-testid={`${id}-error`} hidden={!message}>
      {message}
    </p>
  );
}

export function FieldHint({ id, children }: { id: string; children: ReactNode }) {
  return (
    <p id={hintId(id)} className="hint">
      {children}
    </p>
  );
}

/** A label, the control (given by the caller, spread with `describe(field)`), its hint and its error. */
export function Field({ id, label, hint, error, children }: { id: string; label: ReactNode; hint?: ReactNode; error?: string | null; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && <FieldHint id={id}>{hint}</FieldHint>}
      <FieldError id={id} message={error} />
    </div>
  );
}

/**
 * Where a form has many fields: the errors as links to their fields, so they can be reached in
 * one step. Not a live region: the focus already went to the first field, which reads its error.
 */
export function ErrorSummary<F extends string>({ order, errors, labels, ids = {} }: { order: readonly F[]; errors: Partial<Record<F, string>>; labels: Record<F, string>; ids?: Partial<Record<F, string>> }) {
  const { FORM_MESSAGES } = useLabels();
  const shown = order.filter((f) => errors[f]);
  if (shown.length < 2) return null;
  return (
    <div className="error-summary" data-testid="error-summary">
      <h2 className="error-summary-title">{FORM_MESSAGES.summaryHeading}</h2>
      <ul>
        {shown.map((f) => (
          <li key={f}>
            <a
              href={`#${ids[f] ?? f}`}
              onClick={(e) => {
                e.preventDefault();
                focusById(ids[f] ?? f);
              }}
            >
              {labels[f]}: {errors[f]}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A form's error that belongs to no field (a refusal, an outage): announced at once. */
export function FormError({ message, testId, children }: { message?: string | null; testId?: string; children?: ReactNode }) {
  if (!message && !children) return null;
  return (
    <p className="error" role="alert" data-testid={testId}>
      {children ?? message}
    </p>
  );
}

/**
 * What a successful submit shows: a status with a heading that receives focus, so a keyboard or
 * screen-reader user lands on the confirmation rather than on the page's body.
 */
export function Confirmation({ title, children, className = "card confirmation", testId }: { title: ReactNode; children?: ReactNode; className?: string; testId?: string }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, []);
  return (
    <div className={className} role="status" data-testid={testId}>
      <h2 tabIndex={-1} ref={heading}>
        {title}
      </h2>
      {children}
    </div>
  );
}
