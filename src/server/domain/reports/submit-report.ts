import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { DB } from "../../db/client";
import type { OutboxEvent } from "../outbox";
import { consumeRateLimits } from "../rate-limit";
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
 * The three rows are written by one statement (data-modifying CTEs), so filing a report costs the
 * transaction, the rate limit's two round trips and this one. The event is built here like any
 * outbox event; only the public reference, which the database assigns, is filled in by the statement.
 */
export async function submitReport(db: DB, reporterId: string, input: SubmitReportInput, ctx: SubmitContext, limits: ReportLimits, now = new Date()) {
  const id = randomUUID();
  const category = input.category ?? null;
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
  return db.transaction().execute(async (trx) => {
    await consumeRateLimits(
      trx,
      [{ key: `reports:user:${reporterId}`, limit: limits.perUser, windowSeconds: limits.windowSeconds, message: "You have filed many reports in a short time. Please wait before filing another." }],
      now,
    );
    return trx
      .with("report", (q) =>
        q
          .insertInto("reports")
          .values({
            id,
            reporter_id: reporterId,
            title: input.title,
            description: input.description,
            category,
            citizen_category: category,
            severity: input.severity,
            latitude: input.latitude,
            longitude: input.longitude,
            address: input.address || null,
            created_at: now,
            updated_at: now,
          })
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
      .executeTakeFirstOrThrow();
  });
}
