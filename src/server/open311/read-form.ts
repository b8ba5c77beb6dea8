import "server-only";
import { AppError } from "../domain/errors";

/** The largest form body a service request may have: far above a 2,000-character description percent-encoded. */
export const MAX_FORM_BYTES = 64 * 1024;
/** How many fields a form may have (the spec's, and a few attributes). */
const MAX_FIELDS = 40;

export class BodyTooLarge extends Error {}

/** The body, read as it streams and never past `max` bytes, whatever Content-Length said. */
export async function readCapped(request: Request, max = MAX_FORM_BYTES): Promise<string> {
  if (Number(request.headers.get("content-length") ?? 0) > max) throw new BodyTooLarge();
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLarge();
    }
    chunks.push(value);
  }
  return new TextDecoder("utf-8", { fatal: false }).decode(Buffer.concat(chunks));
}

/**
 * A form-encoded body as fields, each at most once. A NUL byte in a name or value, or a name given
 * twice, is refused naming the field: nothing downstream should have to guess which value counts.
 */
export function formFields(body: string): Map<string, string> {
  const params = new URLSearchParams(body);
  const fields = new Map<string, string>();
  for (const [name, value] of params) {
    if (name.includes("\u0000") || value.includes("\u0000")) throw new AppError("INVALID_INPUT", `${name.replace(/\u0000/g, "").slice(0, 60)} contains a NUL byte`, { field: name.replace(/\u0000/g, "").slice(0, 60) });
    if (fields.has(name)) throw new AppError("INVALID_INPUT", `${name.slice(0, 60)} is given more than once`, { field: name.slice(0, 60) });
    fields.set(name, value);
    if (fields.size > MAX_FIELDS) throw new AppError("INVALID_INPUT", `A service request has at most ${MAX_FIELDS} fields`);
  }
  return fields;
}

/** Query parameters with a NUL byte are refused the same way. */
export function checkQuery(params: URLSearchParams): void {
  for (const [name, value] of params) {
    if (name.includes("\u0000") || value.includes("\u0000")) throw new AppError("INVALID_INPUT", `${name.replace(/\u0000/g, "").slice(0, 60)} contains a NUL byte`, { field: name.slice(0, 60) });
  }
}
