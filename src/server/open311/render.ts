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
  return Response.json(data, { status, headers: { ...HEADERS, ...extra } });
}

/** The spec's error answer: a list of `{code, description}`, the code being the HTTP status. */
export function errorAnswer(format: Format, status: number, description: string, retryAfterSeconds?: number): Response {
  const extra: Record<string, string> = retryAfterSeconds ? { "retry-after": String(retryAfterSeconds) } : {};
  return answer(format, [{ code: status, description }], { root: "errors", item: "error" }, status, extra);
}

/** As every route answers them, but a missing or bad key is 403, as the GeoReport v2 spec says. */
export const STATUS_OF: Record<AppErrorCode, number> = { ...HTTP_STATUS, UNAUTHENTICATED: 403 };
