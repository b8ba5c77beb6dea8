import type { DB } from "@/server/db/client";
import { submitReport } from "@/server/domain/reports/submit-report";
import type { SubmitReportInput } from "@/server/domain/reports/report.schemas";
import { client, createUser, limits, reportInput } from "../support/factories";

/** Files a report through the domain and returns the report/created event exactly as the outbox holds it. */
export async function fileReport(db: DB, over: Partial<SubmitReportInput> = {}) {
  const user = await createUser(db);
  const report = await submitReport(db, user.id, reportInput(over), client, limits);
  const row = await db.selectFrom("event_outbox").selectAll().where("name", "=", "report/created").orderBy("seq", "desc").executeTakeFirstOrThrow();
  const event = { id: row.id, name: row.name, data: row.data, ts: row.created_at.getTime() } as { id: string; name: "report/created"; data: never; ts: number };
  return { user, report, event };
}
