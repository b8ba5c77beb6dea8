import { eventSchemas } from "@/shared/events";
import type { DB } from "@/server/db/client";
import type { ModerateInput } from "@/server/domain/admin/admin.schemas";
import { moderateReport } from "@/server/domain/admin/moderate-report";
import { createUser } from "../support/factories";

/** Moderates a report through the domain and returns the report/status.changed event exactly as the outbox holds it (checked against its schema). */
export async function moderateAndTakeEvent(db: DB, reportId: string, input: Omit<ModerateInput, "reportId" | "version">) {
  const moderator = await createUser(db, { role: "moderator" });
  const { version } = await db.selectFrom("reports").select("version").where("id", "=", reportId).executeTakeFirstOrThrow();
  const result = await moderateReport(db, { id: moderator.id, role: "moderator" }, { ...input, reportId, version });
  if (!result.eventId) throw new Error(`${input.action} emitted no event`);
  const row = await db.selectFrom("event_outbox").selectAll().where("id", "=", result.eventId).executeTakeFirstOrThrow();
  return { moderator, event: { id: row.id, name: "report/status.changed" as const, data: eventSchemas["report/status.changed"].parse(row.data), ts: row.created_at.getTime() } };
}
