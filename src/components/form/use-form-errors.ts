"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { firstInvalid, hasErrors, placeServerErrors, type Errors, type ServerErrorLike } from "@/lib/form-errors";

/** The id a field's error text has, which its control names in aria-describedby. */
export const errorId = (id: string) => `${id}-error`;
export const hintId = (id: string) => `${id}-hint`;

/** Focus the control with this id and bring it into view (a field far down a long form on a phone). */
export function focusById(id: string) {
  const el = document.getElementById(id);
  if (!el) return;
  el.focus({ preventScroll: true });
  el.scrollIntoView({ block: "center", behavior: "auto" });
}

/**
 * The one form pattern's state: each field's error in plain words, set by a client check or by the
 * server's answer, cleared the moment the field becomes valid, and focus moved to the first invalid
 * field (in `order`, the order the form shows them) after a failed submit. `validate` is a field's
 * client check (null when it passes); fields without one clear their error on any change.
 */
export function useFormErrors<F extends string>(
  order: readonly F[],
  validate: (field: F) => string | null = () => null,
  ids: Partial<Record<F, string>> = {},
) {
  const [errors, setErrors] = useState<Errors<F>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [focusRequest, setFocusRequest] = useState(0);
  const latest = useRef({ errors, order, ids });
  useEffect(() => {
    latest.current = { errors, order, ids };
  });
  const idOf = useCallback((f: F) => ids[f] ?? f, [ids]);

  // After the errors of a failed submit are on screen (once per submit): the first one gets focus.
  useEffect(() => {
    if (focusRequest === 0) return;
    const { errors: shown, order: fields, ids: named } = latest.current;
    const first = firstInvalid(fields, shown);
    if (first) focusById(named[first] ?? first);
  }, [focusRequest]);

  /** Runs every check; on failure shows them all and moves focus to the first. True when valid. */
  const check = useCallback(
    (fields: readonly F[] = order) => {
      const next: Errors<F> = {};
      for (const f of fields) {
        const message = validate(f);
        if (message) next[f] = message;
      }
      setErrors(next);
      setFormError(null);
      if (hasErrors(next)) setFocusRequest((n) => n + 1);
      return !hasErrors(next);
    },
    [order, validate],
  );

  /** A field changed: its error goes as soon as it passes its check. */
  const revalidate = useCallback(
    (field: F, message: string | null = validate(field)) => {
      if (!latest.current.errors[field]) return;
      setErrors((prev) => ({ ...prev, [field]: message ?? undefined }));
    },
    [validate],
  );

  /** The server refused: each message next to its field, focus to the first; the rest as the form's error. */
  const fromServer = useCallback(
    (error: ServerErrorLike, aliases: Partial<Record<string, F>> = {}) => {
      const placed = placeServerErrors(order, error, aliases);
      setErrors(placed.fields);
      setFormError(placed.form);
      if (hasErrors(placed.fields)) setFocusRequest((n) => n + 1);
    },
    [order],
  );

  const reset = useCallback(() => {
    setErrors({});
    setFormError(null);
  }, []);

  /** The attributes that tie a control to its error and hint. */
  const describe = useCallback(
    (field: F, hint = false) => {
      const id = idOf(field);
      const by = [hint ? hintId(id) : null, errors[field] ? errorId(id) : null].filter(Boolean).join(" ");
      return { id, "aria-invalid": errors[field] ? (true as const) : undefined, "aria-describedby": by || undefined };
    },
    [errors, idOf],
  );

  return { errors, formError, setFormError, check, revalidate, fromServer, reset, describe, idOf };
}
