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
 * The public columns of a request, never the reporter nor the contact data a client sent. The
 * latest note a moderator wrote, the first ready photo and the responsible body's name come from one
 * small lookup each, by the report's id on their (report_id, created_at) indexes or the body's key.
 */
function publicRequests(db: Executor) {
  return db
    .selectFrom("reports as r")
    .where("r.status", "!=", "rejected")
    .select((eb) => [
      "r.ref",
      "r.status",
      "r.category",
      "r.citizen_category",
      "r.description",
      "r.address",
      "r.latitude",
      "r.longitude",
      "r.created_at",
      "r.updated_at",
      "r.resolution_note",
      "r.resolve_by",
      eb.selectFrom("bodies as b").whereRef("b.id", "=", "r.body_id").select("b.name").as("body_name"),
      eb
        .selectFrom("report_updates as u")
        .whereRef("u.report_id", "=", "r.id")
        .where("u.note", "is not", null)
        .select("u.note")
        .orderBy("u.created_at", "desc")
        .limit(1)
        .as("latest_note"),
      eb
        .selectFrom("report_photos as p")
        .whereRef("p.report_id", "=", "r.id")
        .where("p.status", "=", "ready")
        .where("p.post_id", "is", null)
        .select("p.display_key")
        .orderBy("p.created_at")
        .orderBy("p.id")
        .limit(1)
        .as("photo_key"),
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof publicRequests>["execute"]>>[number];

const iso = (d: Date | string) => new Date(d).toISOString();

function toRequest(row: Row, appUrl: string): Open311Request {
  const code = row.category ?? row.citizen_category ?? "other";
  return {
    service_request_id: row.ref,
    status: CLOSED.includes(row.status) ? "closed" : "open",
    status_notes: row.resolution_note ?? row.latest_note ?? null,
    service_name: serviceName(code),
    service_code: code,
    description: row.description,
    // The body the report was routed to (ADR 0022), null until routing has run.
    agency_responsible: row.body_name ?? null,
    service_notice: null,
    requested_datetime: iso(row.created_at),
    updated_datetime: iso(row.updated_at),
    // While open, when it is expected to be resolved: the resolve deadline set at filing (ADR 0019).
    expected_datetime: row.resolve_by && !CLOSED.includes(row.status) ? iso(row.resolve_by) : null,
    address: row.address,
    address_id: null,
    zipcode: null,
    lat: Number(row.latitude),
    long: Number(row.longitude),
    media_url: row.photo_key ? new URL(publicUrl(row.photo_key), appUrl).toString() : null,
    extended_attributes: { status: row.status },
  };
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
  return rows.map((r) => toRequest(r, appUrl));
}

/** One request by its id (the report's ref), or null: unknown and rejected reports alike. */
export async function getOpen311Request(db: Executor, id: string, appUrl: string): Promise<Open311Request | null> {
  const row = await publicRequests(db).where("r.ref", "=", id).executeTakeFirst();
  return row ? toRequest(row, appUrl) : null;
}
