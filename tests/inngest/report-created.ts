import { eventSchemas } from "@/shared/events";
import type { DB } from "@/server/db/client";
import { submitReport } from "@/server/domain/reports/submit-report";
import type { SubmitReportInput } from "@/server/domain/reports/report.schemas";
import { createUser, client, limits, reportInput } from "../support/factories";

/** Files a report through the domain and returns the report/created event exactly as the outbox holds it (checked against its schema). */
export async function fileReport(db: DB, over: Partial<SubmitReportInput> = {}) {
  const user = await createUser(db);
  const report = await submitReport(db, user.id, reportInput(over), client, limits);
  const row = await db.selectFrom("event_outbox").selectAll().where("name", "=", "report/created").orderBy("seq", "desc").executeTakeFirstOrThrow();
  return { user, report, event: { id: row.id, name: "report/created" as const, data: eventSchemas["report/created"].parse(row.data), ts: row.created_at.getTime() } };
}
