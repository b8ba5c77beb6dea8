import type { DB } from "@/server/db/client";
import type { Priority, Role } from "@/server/db/schema";
import type { Status } from "@/shared/report-catalog";
import { submitReport } from "@/server/domain/reports/submit-report";
import type { SubmitReportInput } from "@/server/domain/reports/report.schemas";
import { client, createUser, limits, reportInput } from "../../support/factories";

export async function staff(db: DB, role: Role = "moderator") {
  return createUser(db, { role, name: `${role} ${Math.random().toString(36).slice(2, 6)}` });
}

/** A filed report, moved straight to `status` (as triage or earlier moderation would have). */
export async function reportIn(db: DB, status: Status = "under_review", over: Partial<SubmitReportInput> & { priority?: Priority | null; createdAt?: Date } = {}) {
  const reporter = await createUser(db);
  const { priority, createdAt, ...input } = over;
  const report = await submitReport(db, reporter.id, reportInput(input), client, limits);
  const row = await db
    .updateTable("reports")
    .set({
      status,
      priority: priority === undefined ? "normal" : priority,
      category: input.category ?? "roads",
      ...(createdAt ? { created_at: createdAt } : {}),
    })
    .where("id", "=", report.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return { reporter, report: row };
}

export const outboxFor = (db: DB, reportId: string) =>
  db
    .selectFrom("event_outbox")
    .selectAll()
    .where("name", "=", "report/status.changed")
    .execute()
    .then((rows) => rows.filter((r) => (r.data as { reportId?: string }).reportId === reportId));
