import "server-only";
import { AppError } from "./errors";
import { isStorableDate } from "./input.schemas";
import { said } from "./server-messages";

/** A keyset cursor: the (created_at, id) of the last row seen, opaque to clients. */
export interface Cursor {
  at: Date;
  id: string;
}

export function encodeCursor(row: { created_at: Date; id: string }): string {
  return Buffer.from(`${row.created_at.toISOString()}|${row.id}`).toString("base64url");
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The refusal for a cursor this server did not hand out, or one from before a change of format. */
export function invalidCursor(): AppError {
  return new AppError("INVALID_INPUT", said("pageLinkStale"), { field: "cursor" });
}

/**
 * A cursor's parts as the keyset query may use them: a date PostgreSQL holds and a well-formed id.
 * Cursors come back from clients, so anything else (edited, truncated, forged) is refused here
 * rather than failing the query.
 */
export function cursorPosition(at: unknown, id: unknown): Cursor {
  const date = typeof at === "string" ? new Date(at) : null;
  if (!date || Number.isNaN(date.getTime()) || !isStorableDate(date) || typeof id !== "string" || !UUID.test(id)) throw invalidCursor();
  return { at: date, id };
}

export function decodeCursor(cursor: string | undefined | null): Cursor | null {
  if (!cursor) return null;
  const [at, id, ...rest] = Buffer.from(cursor, "base64url").toString().split("|");
  if (rest.length > 0) throw invalidCursor();
  return cursorPosition(at, id);
}

/** Takes limit+1 rows: the extra one only says whether there is a next page. */
export function page<T extends { created_at: Date; id: string }>(rows: T[], limit: number) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}
