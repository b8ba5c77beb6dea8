import type { DB } from "../../db/client";
import { enqueueEvents } from "../outbox";
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
 */
export async function submitReport(db: DB, reporterId: string, input: SubmitReportInput, ctx: SubmitContext, limits: ReportLimits) {
  return db.transaction().execute(async (trx) => {
    await consumeRateLimits(trx, [
      { key: `reports:user:${reporterId}`, limit: limits.perUser, windowSeconds: limits.windowSeconds, message: "You have filed many reports in a short time. Please wait before filing another." },
    ]);
    const report = await trx
      .insertInto("reports")
      .values({
        reporter_id: reporterId,
        title: input.title,
        description: input.description,
        category: input.category ?? null,
        citizen_category: input.category ?? null,
        severity: input.severity,
        latitude: input.latitude,
        longitude: input.longitude,
        address: input.address || null,
      })
      .returning(["id", "ref", "status", "category", "severity", "created_at"])
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("report_updates")
      .values({ report_id: report.id, kind: "submitted", to_status: "submitted", actor_id: reporterId, actor_role: "citizen" })
      .execute();
    await enqueueEvents(trx, [
      {
        name: "report/created",
        data: {
          reportId: report.id,
          reporterId,
          ref: report.ref,
          category: input.category ?? null,
          severity: input.severity,
          latitude: input.latitude,
          longitude: input.longitude,
          ip: ctx.ip,
          userAgent: ctx.userAgent,
          createdAt: report.created_at.toISOString(),
        },
      },
    ]);
    return report;
  });
}
