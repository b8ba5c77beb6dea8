import "server-only";
import { sql } from "kysely";
import type { Executor } from "../../db/client";
import type { ReportStatus } from "../../db/schema";
import { publicUrl } from "../../storage/object-store";
import type { RequestFilters } from "./open311.schemas";
import { serviceName } from "./services";

/** The spec's two statuses; the report's own status goes in `extended_attributes.status`. */
const OPEN: readonly ReportStatus[] = ["submitted", "under_review", "acknowledged", "in_progress"];
const CLOSED: readonly ReportStatus[] = ["resolved", "duplicate"];

export interface Open311Request {
  service_request_id: string;
  status: "open" | "closed";
  status_notes: string | null;
  service_name: string | null;
  service_code: string;
  description: string;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string | null;
  address_id: string | null;
  zipcode: string | null;
  lat: number;
  long: number;
  media_url: string | null;
  /** CivicLens's extension: the report's own status (submitted … resolved, duplicate). */
  extended_attributes: { status: ReportStatus };
}

/**
 * A timestamp as UTC text (`2026-03-04 10:15:00.123456`, PostgreSQL's ISO DateStyle, which pg's own
 * parser also needs): turned into toISOString's form by isoFromUtcText, no Date parsed or built per row.
 */
const utcText = <T extends string | null = string>(column: "r.created_at" | "r.updated_at" | "r.resolve_by") => sql<T>`(${sql.ref(column)} at time zone 'UTC')::text`;

/** `2026-03-04 10:15:00.123456` (UTC) → `2026-03-04T10:15:00.123Z`, as Date's toISOString writes it (milliseconds cut, not rounded). */
export function isoFromUtcText(text: string): string {
  return `${text.slice(0, 10)}T${text.slice(11, 19)}.${text.slice(20, 23).padEnd(3, "0")}Z`;
}

/** The public columns of a request, never the reporter nor the contact data a client sent. */
function publicRequests(db: Executor) {
  return db
    .selectFrom("reports as r")
    .leftJoin("bodies as b", "b.id", "r.body_id")
    .where("r.status", "!=", "rejected")
    .select([
      "r.id",
      "r.ref",
      "r.status",
      "r.category",
      "r.citizen_category",
      "r.description",
      "r.address",
      "r.latitude",
      "r.longitude",
      utcText("r.created_at").as("created_at"),
      utcText("r.updated_at").as("updated_at"),
      "r.resolution_note",
      utcText<string | null>("r.resolve_by").as("resolve_by"),
      "b.name as body_name",
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof publicRequests>["execute"]>>[number];

/**
 * What a page of requests shows beside its reports' own columns: the newest note a moderator wrote
 * and the first ready photo of each. One statement, set-based: each table is read once for the
 * page's ids (on its (report_id, created_at) index), not by a subquery per row.
 */
async function notesAndPhotos(db: Executor, ids: string[]): Promise<{ notes: Map<string, string>; photos: Map<string, string> }> {
  const notes = new Map<string, string>();
  const photos = new Map<string, string>();
  if (ids.length === 0) return { notes, photos };
  const { rows } = await sql<{ report_id: string; note: string | null; photo_key: string | null }>`
    select report_id, note, null as photo_key from (
      select distinct on (u.report_id) u.report_id, u.note
      from report_updates u
      where u.report_id = any(${ids}::uuid[]) and u.note is not null
      order by u.report_id, u.created_at desc
    ) n
    union all
    select report_id, null, display_key from (
      select distinct on (p.report_id) p.report_id, p.display_key
      from report_photos p
      where p.report_id = any(${ids}::uuid[]) and p.status = 'ready'
      order by p.report_id, p.created_at, p.id
    ) ph`.execute(db);
  for (const r of rows) {
    if (r.note !== null) notes.set(r.report_id, r.note);
    else if (r.photo_key !== null) photos.set(r.report_id, r.photo_key);
  }
  return { notes, photos };
}

/** The first part of every photo's absolute URL: the media route on the app's address. */
function mediaBase(appUrl: string) {
  return (key: string) => new URL(publicUrl(key), appUrl).toString();
}

function toRequest(row: Row, note: string | undefined, photoKey: string | undefined, mediaUrl: (key: string) => string): Open311Request {
  const code = row.category ?? row.citizen_category ?? "other";
  const closed = CLOSED.includes(row.status);
  return {
    service_request_id: row.ref,
    status: closed ? "closed" : "open",
    status_notes: row.resolution_note ?? note ?? null,
    service_name: serviceName(code),
    service_code: code,
    description: row.description,
    // The body the report was routed to (ADR 0022), null until routing has run.
    agency_responsible: row.body_name ?? null,
    service_notice: null,
    requested_datetime: isoFromUtcText(row.created_at),
    updated_datetime: isoFromUtcText(row.updated_at),
    // While open, when it is expected to be resolved: the resolve deadline set at filing (ADR 0019).
    expected_datetime: row.resolve_by && !closed ? isoFromUtcText(row.resolve_by) : null,
    address: row.address,
    address_id: null,
    zipcode: null,
    lat: Number(row.latitude),
    long: Number(row.longitude),
    media_url: photoKey ? mediaUrl(photoKey) : null,
    extended_attributes: { status: row.status },
  };
}

async function toRequests(db: Executor, rows: Row[], appUrl: string): Promise<Open311Request[]> {
  const { notes, photos } = await notesAndPhotos(db, rows.map((r) => r.id));
  const mediaUrl = mediaBase(appUrl);
  return rows.map((r) => toRequest(r, notes.get(r.id), photos.get(r.id), mediaUrl));
}

/** GET requests: newest first, a page of the filters' span; ids given override every other filter (as the spec says). */
export async function listOpen311Requests(db: Executor, f: RequestFilters, appUrl: string): Promise<Open311Request[]> {
  let q = publicRequests(db);
  if (f.ids) {
    q = q.where("r.ref", "in", f.ids);
  } else {
    q = q.where("r.created_at", ">=", f.start).where("r.created_at", "<=", f.end);
    if (f.serviceCodes) q = q.where(sql`coalesce(r.category, r.citizen_category)`, "in", f.serviceCodes);
    if (f.statuses && f.statuses.length === 1) q = q.where("r.status", "in", f.statuses[0] === "open" ? OPEN : CLOSED);
  }
  const rows = await q
    .orderBy("r.created_at", "desc")
    .orderBy("r.id", "desc")
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize)
    .execute();
  return toRequests(db, rows, appUrl);
}

/** One request by its id (the report's ref), or null: unknown and rejected reports alike. */
export async function getOpen311Request(db: Executor, id: string, appUrl: string): Promise<Open311Request | null> {
  const row = await publicRequests(db).where("r.ref", "=", id).executeTakeFirst();
  return row ? ((await toRequests(db, [row], appUrl))[0] ?? null) : null;
}
