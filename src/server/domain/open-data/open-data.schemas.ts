import "server-only";
import { CATEGORIES, STATUSES, type Category, type Status } from "@/shared/report-catalog";
import { AppError } from "../errors";

export type PublicStatus = Exclude<Status, "rejected">;
const PUBLIC_STATUSES = STATUSES.filter((s): s is PublicStatus => s !== "rejected");

/** Which reports an export or feed holds; `toBefore` is the end of the `to` day (exclusive). */
export interface ExportFilter {
  from?: Date;
  toBefore?: Date;
  status?: PublicStatus;
  category?: Category;
  /** The responsible body's slug (ADR 0022); that a body has it is checked against the database (export-rows.ts). */
  body?: string;
}

export interface AreaFilter {
  latitude: number;
  longitude: number;
  radiusMeters: number;
}

/** The widest circle a feed may ask for: an area, not a city. */
export const MAX_FEED_RADIUS_METERS = 5_000;
const MAX_VALUE_LENGTH = 64;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;
const DAY_MS = 24 * 60 * 60 * 1000;
/** A body's slug, as bodies are named (domain/bodies/body.schemas.ts). */
const BODY_SLUG = /^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?$/;

const bad = (field: string, message: string) => new AppError("INVALID_INPUT", message, { field });

/** A query parameter's value: absent, or text without NUL characters and of a sane length. */
function param(params: URLSearchParams, field: string): string | undefined {
  const value = params.get(field);
  if (value === null || value === "") return undefined;
  if (value.includes("\0")) throw bad(field, `${field} must not contain NUL characters`);
  if (value.length > MAX_VALUE_LENGTH) throw bad(field, `${field} is longer than ${MAX_VALUE_LENGTH} characters`);
  return value;
}

/** An ISO 8601 date (2026-01-31) or date-time with its offset; a date alone means that whole day. */
function isoDate(params: URLSearchParams, field: string): { at: Date; dateOnly: boolean } | undefined {
  const given = param(params, field);
  if (given === undefined) return undefined;
  // A "+05:30" offset typed into an address arrives as " 05:30" (a plus is a space in a query string).
  const value = given.replace(/(T[\d:.]+) (\d{2}:\d{2})$/, "$1+$2");
  const m = ISO_DATE.exec(value);
  const at = new Date(m && !value.includes("T") ? `${value}T00:00:00Z` : value);
  const [year, month, day] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  const real = !!m && !Number.isNaN(at.getTime()) && year >= 1900 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
  if (!real || (!value.includes("T") && at.getUTCDate() !== day)) {
    throw bad(field, `${field} must be an ISO 8601 date such as 2026-01-31 (or a date-time with its offset)`);
  }
  return { at, dateOnly: !value.includes("T") };
}

function oneOf<T extends string>(params: URLSearchParams, field: string, allowed: readonly T[], hint: string): T | undefined {
  const value = param(params, field);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw bad(field, `${field} must be one of ${allowed.join(", ")}${hint}`);
  return value as T;
}

function checkNames(params: URLSearchParams): void {
  for (const name of params.keys()) {
    if (name.includes("\0")) throw bad("query", "parameter names must not contain NUL characters");
  }
}

/** An export's filters from its query string (from, to, status, category, body); a bad one is INVALID_INPUT naming it. */
export function parseExportFilter(params: URLSearchParams): ExportFilter {
  checkNames(params);
  const from = isoDate(params, "from");
  const to = isoDate(params, "to");
  const toBefore = to && (to.dateOnly ? new Date(to.at.getTime() + DAY_MS) : new Date(to.at.getTime() + 1));
  if (from && toBefore && from.at >= toBefore) throw bad("to", "to must not be before from");
  const status = oneOf(params, "status", PUBLIC_STATUSES, " (rejected reports are not public)");
  const category = oneOf(params, "category", CATEGORIES, "");
  const body = param(params, "body");
  if (body !== undefined && !BODY_SLUG.test(body)) throw bad("body", "body must be a body's slug: lowercase letters, digits and hyphens");
  return { from: from?.at, toBefore, status, category, body };
}

function coordinate(params: URLSearchParams, field: string, min: number, max: number): number | undefined {
  const value = param(params, field);
  if (value === undefined) return undefined;
  const n = /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= min && n <= max)) throw bad(field, `${field} must be a number from ${min} to ${max}`);
  return n;
}

/** A feed's area: lat, lon and radius (metres, at most MAX_FEED_RADIUS_METERS) together, or none of them. */
export function parseAreaFilter(params: URLSearchParams): AreaFilter | undefined {
  const latitude = coordinate(params, "lat", -90, 90);
  const longitude = coordinate(params, "lon", -180, 180);
  const radiusMeters = coordinate(params, "radius", 1, MAX_FEED_RADIUS_METERS);
  if (latitude === undefined && longitude === undefined && radiusMeters === undefined) return undefined;
  if (latitude === undefined) throw bad("lat", "lat is needed with lon and radius");
  if (longitude === undefined) throw bad("lon", "lon is needed with lat and radius");
  if (radiusMeters === undefined) throw bad("radius", `radius (metres, at most ${MAX_FEED_RADIUS_METERS}) is needed with lat and lon`);
  return { latitude, longitude, radiusMeters };
}

/** A feed's filters: a category, an area, both or neither. */
export function parseFeedFilter(params: URLSearchParams): { category?: Category; area?: AreaFilter } {
  checkNames(params);
  return { category: oneOf(params, "category", CATEGORIES, ""), area: parseAreaFilter(params) };
}
