/**
 * The pure half of the one form pattern (src/components/form): which field each message belongs to.
 * A server answer carries `fieldErrors` (every field at fault) and `field` (the first) in its data
 * (src/server/trpc/errors.ts); a message about a field the form does not show stays a form error.
 */
export type Errors<F extends string> = Partial<Record<F, string>>;

export interface ServerErrorLike {
  message: string;
  data?: unknown;
}

/** The server's errors placed on this form's fields; `form` is what belongs to no field shown. */
export function placeServerErrors<F extends string>(
  fields: readonly F[],
  error: ServerErrorLike,
  aliases: Partial<Record<string, F>> = {},
): { fields: Errors<F>; form: string | null } {
  const data = (error.data ?? {}) as { fieldErrors?: Record<string, string[]> | null; field?: string | null };
  const known = new Set<string>(fields);
  const placed: Errors<F> = {};
  const rest: string[] = [];
  const entries = Object.entries(data.fieldErrors ?? (data.field ? { [data.field]: [error.message] } : {}));
  for (const [path, messages] of entries) {
    const field = aliases[path] ?? (known.has(path) ? (path as F) : undefined);
    const message = messages[0];
    if (!message) continue;
    if (field) placed[field] ??= message;
    else rest.push(message);
  }
  const form = entries.length === 0 ? error.message : rest.length ? rest.join(" ") : null;
  return { fields: placed, form };
}

/** The first field, in the order the form shows them, that has an error. */
export function firstInvalid<F extends string>(order: readonly F[], errors: Errors<F>): F | null {
  return order.find((f) => errors[f]) ?? null;
}

/** Whether any field has an error. */
export function hasErrors<F extends string>(errors: Errors<F>): boolean {
  return Object.values(errors).some(Boolean);
}
