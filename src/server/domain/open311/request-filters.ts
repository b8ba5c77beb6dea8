import "server-only";
import { AppError } from "../errors";
import { DEFAULT_PAGE_SIZE, MAX_LIST, MAX_PAGE, MAX_PAGE_SIZE, MAX_SPAN_DAYS, type RequestFilters } from "./open311.schemas";
import { isServiceCode } from "./services";

const DAY_MS = 86_400_000;
const REF = /^CL-\d{4}-\d{6,}$/;
// ISO 8601 as the spec shows it: a date, optionally a time with an optional offset.
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

const bad = (field: string, message: string) => new AppError("INVALID_INPUT", message, { field });

function list(params: URLSearchParams, field: string): string[] | null {
  const raw = params.get(field);
  if (raw === null || raw.trim() === "") return null;
  const items = raw.split(",").map((s) => s.trim()).filter(Boolean);
  if (items.length > MAX_LIST) throw bad(field, `${field} may list at most ${MAX_LIST} values`);
  return items;
}

function date(params: URLSearchParams, field: string): Date | null {
  const raw = params.get(field);
  if (raw === null || raw === "") return null;
  const d = ISO_8601.test(raw) ? new Date(raw) : new Date(Number.NaN);
  if (Number.isNaN(d.getTime())) throw bad(field, `${field} must be an ISO 8601 date-time such as 2026-01-31T00:00:00Z`);
  return d;
}

function whole(params: URLSearchParams, field: string, fallback: number, max: number): number {
  const raw = params.get(field);
  if (raw === null || raw === "") return fallback;
  if (!/^\d{1,7}$/.test(raw) || Number(raw) < 1) throw bad(field, `${field} must be a whole number from 1 to ${max}`);
  const n = Number(raw);
  if (n > max) throw bad(field, `${field} must be at most ${max}`);
  return n;
}

/**
 * GET requests' query, as the spec reads it: without dates, the last 90 days; with one date, up to
 * 90 days from it (never past now for a start date); a span over 90 days, or a start after its end,
 * is refused rather than cut short.
 */
export function parseRequestFilters(params: URLSearchParams, now = new Date()): RequestFilters {
  const ids = list(params, "service_request_id");
  if (ids?.some((id) => !REF.test(id))) throw bad("service_request_id", "service_request_id must be request ids like CL-2026-000123");
  const serviceCodes = list(params, "service_code");
  const unknown = serviceCodes?.find((c) => !isServiceCode(c));
  if (unknown) throw bad("service_code", `service_code ${JSON.stringify(unknown.slice(0, 40))} is not a service (see services.json)`);
  const statusList = list(params, "status");
  if (statusList?.some((s) => s !== "open" && s !== "closed")) throw bad("status", "status must be open, closed or both (open,closed)");
  let start = date(params, "start_date");
  let end = date(params, "end_date");
  if (!start && !end) {
    end = now;
    start = new Date(now.getTime() - MAX_SPAN_DAYS * DAY_MS);
  } else if (!start) {
    start = new Date(end!.getTime() - MAX_SPAN_DAYS * DAY_MS);
  } else if (!end) {
    end = new Date(Math.min(now.getTime(), start.getTime() + MAX_SPAN_DAYS * DAY_MS));
    if (end < start) end = new Date(start.getTime() + MAX_SPAN_DAYS * DAY_MS);
  }
  if (start > end!) throw bad("start_date", "start_date must not be after end_date");
  if (end!.getTime() - start.getTime() > MAX_SPAN_DAYS * DAY_MS) throw bad("end_date", `start_date and end_date may be at most ${MAX_SPAN_DAYS} days apart`);
  return {
    ids,
    serviceCodes,
    statuses: statusList ? [...new Set(statusList as ("open" | "closed")[])] : null,
    start,
    end: end!,
    page: whole(params, "page", 1, MAX_PAGE),
    pageSize: whole(params, "page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE),
  };
}

export const isRequestId = (id: string) => REF.test(id);
