import { AppError } from "./errors";

/** A keyset cursor: the (created_at, id) of the last row seen, opaque to clients. */
export interface Cursor {
  at: Date;
  id: string;
}

export function encodeCursor(row: { created_at: Date; id: string }): string {
  return Buffer.from(`${row.created_at.toISOString()}|${row.id}`).toString("base64url");
}

export function decodeCursor(cursor: string | undefined | null): Cursor | null {
  if (!cursor) return null;
  const [at, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const date = new Date(at ?? "");
  if (!id || Number.isNaN(date.getTime()) || !/^[0-9a-f-]{36}$/i.test(id)) {
    throw new AppError("INVALID_INPUT", "That page link is not valid any more. Start from the first page.", { field: "cursor" });
  }
  return { at: date, id };
}

/** Takes limit+1 rows: the extra one only says whether there is a next page. */
export function page<T extends { created_at: Date; id: string }>(rows: T[], limit: number) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}
