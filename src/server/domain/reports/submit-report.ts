import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { DB } from "../../db/client";
import type { OutboxEvent } from "../outbox";
import { type RateLimit, rateLimitHit, rateLimitRefusal } from "../rate-limit";
import type { SubmitReportInput } from "./report.schemas";

export interface SubmitContext {
  ip: string | null;
  userAgent: string | null;
}

export interface ReportLimits {
  perUser: number;
  windowSeconds: number;
}

/**
 * Files a report: the report, its first timeline entry and the `report/created` event commit
 * together. Reputation, triage and audit happen in the background.
 *
 * One statement does it all, so it is atomic without an explicit transaction and costs a single
 * round trip: the rate-limit hit (rate-limit.ts) heads it as a CTE, and the report, timeline entry
 * and outbox row are inserted only when the hit was within the limit. The event is built here like
 * any outbox event; only the public reference, which the database assigns, is filled in by SQL.
 */
export async function submitReport(db: DB, reporterId: string, input: SubmitReportInput, ctx: SubmitContext, limits: ReportLimits, now = new Date()) {
  const id = randomUUID();
  const category = input.category ?? null;
  const limit: RateLimit = {
    key: `reports:user:${reporterId}`,
    limit: limits.perUser,
    windowSeconds: limits.windowSeconds,
    message: "You have filed many reports in a short time. Please wait before filing another.",
  };
  const event: OutboxEvent = {
    name: "report/created",
    data: {
      reportId: id,
      reporterId,
      ref: null, // set from the inserted row below
      category,
      severity: input.severity,
      latitude: input.latitude,
      longitude: input.longitude,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      createdAt: now.toISOString(),
    },
  };
  const report = await db
    .with("hit", () => rateLimitHit(db, limit, now))
    .with("report", (q) =>
      q
        .insertInto("reports")
        .columns(["id", "reporter_id", "title", "description", "category", "citizen_category", "severity", "latitude", "longitude", "address", "created_at", "updated_at"])
        .expression((eb) =>
          eb
            .selectFrom("hit")
            .select([
              sql.val(id).as("id"),
              sql.val(reporterId).as("reporter_id"),
              sql.val(input.title).as("title"),
              sql.val(input.description).as("description"),
              sql.val(category).as("category"),
              sql.val(category).as("citizen_category"),
              sql.val(input.severity).as("severity"),
              sql.val(input.latitude).as("latitude"),
              sql.val(input.longitude).as("longitude"),
              sql.val(input.address || null).as("address"),
              sql.val(now).as("created_at"),
              sql.val(now).as("updated_at"),
            ]),
        )
        .returning(["id", "ref", "status", "category", "severity", "created_at", "reporter_id"]),
    )
    .with("entry", (q) =>
      q
        .insertInto("report_updates")
        .columns(["report_id", "kind", "to_status", "actor_id", "actor_role", "created_at"])
        .expression((eb) =>
          eb.selectFrom("report").select(["report.id", sql.lit("submitted").as("kind"), "report.status", "report.reporter_id", sql.lit("citizen").as("actor_role"), "report.created_at"]),
        ),
    )
    .with("event", (q) =>
      q
        .insertInto("event_outbox")
        .columns(["name", "data"])
        .expression((eb) =>
          eb.selectFrom("report").select([sql.lit(event.name).as("name"), sql<string>`${JSON.stringify(event.data)}::jsonb || jsonb_build_object('ref', report.ref)`.as("data")]),
        ),
    )
    .selectFrom("report")
    .select(["id", "ref", "status", "category", "severity", "created_at"])
    .executeTakeFirst();
  if (!report) throw await rateLimitRefusal(db, limit, now);
  return report;
}
