import "server-only";
import { XMLBuilder } from "fast-xml-parser";
import { HTTP_STATUS } from "../http/http-status";
import type { AppErrorCode } from "../domain/errors";

export type Format = "json" | "xml";

const builder = new XMLBuilder({ format: false, suppressEmptyNode: false, processEntities: true });

/** XML has no null: an absent value is an empty element, as the spec's examples show. */
function forXml(value: unknown): unknown {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.map(forXml);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, forXml(v)]));
  return value;
}

/**
 * How each answer reads in XML: the spec wraps a list in a plural element holding one element per
 * item (`<service_requests><request>…`), and lists inside an item the same way.
 */
export type XmlShape = { root: string; item?: string; nested?: Record<string, string> };

function nest(item: Record<string, unknown>, nested: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...item };
  for (const [field, child] of Object.entries(nested)) {
    const v = item[field];
    if (Array.isArray(v)) {
      out[field] = { [child]: v.map((x) => (x && typeof x === "object" && !Array.isArray(x) ? nest(x as Record<string, unknown>, nested) : x)) };
    }
  }
  return out;
}

export function toXml(data: unknown, shape: XmlShape): string {
  const nested = shape.nested ?? {};
  const shaped = Array.isArray(data)
    ? { [shape.item!]: data.map((d) => nest(d as Record<string, unknown>, nested)) }
    : nest(data as Record<string, unknown>, nested);
  return `<?xml version="1.0" encoding="utf-8"?>${builder.build({ [shape.root]: forXml(shaped) })}`;
}

const HEADERS = { "cache-control": "no-store", "access-control-allow-origin": "*" };

export function answer(format: Format, data: unknown, shape: XmlShape, status = 200, extra: Record<string, string> = {}): Response {
  if (format === "xml") {
    return new Response(toXml(data, shape), { status, headers: { "content-type": "text/xml; charset=utf-8", ...HEADERS, ...extra } });
  }
  const headers = { "content-type": "application/json", ...HEADERS, ...extra };
  if (Array.isArray(data) && data.length > JSON_CHUNK) return new Response(jsonChunks(data), { status, headers });
  return new Response(JSON.stringify(data), { status, headers });
}

/** How many items of a list go into each piece of its JSON answer. */
const JSON_CHUNK = 100;
const utf8 = new TextEncoder();

/**
 * A long list's JSON (a page of 1000 requests is about 600 KB), written a hundred items at a time as
 * the response is read: the same bytes as JSON.stringify of the whole list, but no string or buffer
 * of the whole answer, whose size puts it among V8's large objects, freed only by a full collection.
 */
export function jsonChunks(items: readonly unknown[], per = JSON_CHUNK): ReadableStream<Uint8Array> {
  let next = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (next >= items.length) {
        controller.enqueue(utf8.encode(next === 0 ? "[]" : "]"));
        controller.close();
        return;
      }
      const part = JSON.stringify(items.slice(next, next + per));
      controller.enqueue(utf8.encode(`${next === 0 ? "[" : ","}${part.slice(1, -1)}`));
      next += per;
    },
  });
}

/** The spec's error answer: a list of `{code, description}`, the code being the HTTP status. */
export function errorAnswer(format: Format, status: number, description: string, retryAfterSeconds?: number): Response {
  const extra: Record<string, string> = retryAfterSeconds ? { "retry-after": String(retryAfterSeconds) } : {};
  return answer(format, [{ code: status, description }], { root: "errors", item: "error" }, status, extra);
}

/** As every route answers them, but a missing or bad key is 403, as the GeoReport v2 spec says. */
export const STATUS_OF: Record<AppErrorCode, number> = { ...HTTP_STATUS, UNAUTHENTICATED: 403 };
