import { InngestTestEngine } from "@inngest/test";
import { beforeEach, describe, expect, it } from "vitest";
import { recordAudit } from "@root/inngest/functions/record-audit";
import { truncateAll, useTestDb } from "../support/test-db";
import { createUser } from "../support/factories";
import { fileReport } from "./report-created";
import { moderateAndTakeEvent } from "./status-changed";

const db = useTestDb();
const engine = () => new InngestTestEngine({ function: recordAudit });
beforeEach(async () => truncateAll(db()));

describe("record-audit on report/status.changed and user/email.verified", () => {
  it("writes one row per status event, with every field of the event as metadata", async () => {
    const { user, report } = await fileReport(db());
    const { moderator, event } = await moderateAndTakeEvent(db(), report.id, { action: "reject", rejectReason: "spam", note: "Advert." });
    await engine().execute({ events: [event] });
    await engine().execute({ events: [event] });
    const rows = await db().selectFrom("audit_log").selectAll().where("event_id", "=", event.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: "report.status_changed", actor_id: moderator.id, resource_type: "report", resource_id: report.id });
    expect(rows[0]!.metadata).toEqual({
      ref: report.ref,
      reporterId: user.id,
      from: "submitted",
      to: "rejected",
      action: "reject",
      note: "Advert.",
      rejectReason: "spam",
      duplicateOf: null,
      at: expect.any(String),
    });
    // Next to the synchronous row the moderation transaction wrote (which has no event id).
    expect(await db().selectFrom("audit_log").select("action").where("resource_id", "=", report.id).orderBy("action").execute()).toEqual([
      { action: "report.reject" },
      { action: "report.status_changed" },
    ]);
  });

  it("writes one row per email verification event", async () => {
    const user = await createUser(db());
    const event = { id: "01JEMAILVERIFIED0000000001", name: "user/email.verified" as const, data: { userId: user.id, email: "a@example.org", at: new Date().toISOString() }, ts: Date.now() };
    await engine().execute({ events: [event as never] });
    await engine().execute({ events: [event as never] });
    const rows = await db().selectFrom("audit_log").selectAll().where("event_id", "=", event.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: "user.email_verified", actor_id: user.id, resource_type: "user", resource_id: user.id, metadata: { email: "a@example.org", at: event.data.at } });
  });
});
