import { randomUUID } from "node:crypto";
import { InngestTestEngine } from "@inngest/test";
import { sql } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import { listFollowerRecipients } from "@/server/domain/reports/followers";
import type { NotificationChannelChoice } from "@/server/db/schema";
import { notifyFollowers } from "@root/inngest/functions/notify-followers";
import { callerFor } from "../support/caller";
import { createUser } from "../support/factories";
import { truncateAll, useTestDb } from "../support/test-db";
import { useResendStandin } from "../support/use-resend-standin";
import { reportIn } from "../server/admin/helpers";
import { openResult } from "./helpers";

const db = useTestDb();
const engine = () => new InngestTestEngine({ function: notifyFollowers });
const resend = useResendStandin({ APP_URL: "https://civiclens.example" });
beforeEach(async () => truncateAll(db()));
const messages = () => db().selectFrom("messages").selectAll().orderBy("recipient").execute();

async function follower(reportId: string, opts: { email?: string; pref?: NotificationChannelChoice } = {}) {
  const user = await createUser(db());
  await db()
    .updateTable("users")
    .set({ email: opts.email ?? null, email_verified_at: opts.email ? new Date() : null, notification_prefs: JSON.stringify({ status_change: opts.pref ?? "auto" }) })
    .where("id", "=", user.id)
    .execute();
  await callerFor(db(), user).reports.follow({ reportId });
  return user;
}

function statusChanged(report: { id: string; ref: string; reporter_id: string }, to = "in_progress") {
  return {
    id: randomUUID(),
    name: "report/status.changed" as const,
    data: { reportId: report.id, ref: report.ref, reporterId: report.reporter_id, from: "acknowledged", to, action: "start" as const, actorId: randomUUID(), note: "Crew booked.", at: new Date().toISOString() },
  };
}

describe("notify-followers", () => {
  it("tells each follower once on the channel they chose, with a working unfollow link; not the reporter; a redelivery sends nothing more", async () => {
    const { report, reporter } = await reportIn(db(), "acknowledged");
    const byEmail = await follower(report.id, { email: "fola@example.com" });
    const bySms = await follower(report.id);
    await follower(report.id, { email: "quiet@example.com", pref: "none" });
    // The reporter's own follow row (e.g. moved onto the report by a merge) does not make them a follower here.
    await db().insertInto("report_follows").values({ report_id: report.id, user_id: reporter.id }).execute();

    const event = statusChanged(report);
    const { result } = await engine().execute({ events: [event] });
    expect(await openResult(result)).toEqual({ sent: 2, failed: 0, unchanged: 0 });
    await engine().execute({ events: [event] });

    const rows = await messages();
    expect(rows).toHaveLength(2);
    expect(rows.map((m) => [m.user_id, m.channel, m.status, m.kind])).toEqual(
      expect.arrayContaining([
        [byEmail.id, "email", "sent", "report_status_follower"],
        [bySms.id, "sms", "sent", "report_status_follower"],
      ]),
    );
    expect(resend.sent).toHaveLength(1);
    expect(resend.sent[0]!.body.subject).toBe(`Report ${report.ref}: In progress`);
    expect(resend.sent[0]!.body.text).toContain(`a report you follow, ${report.ref}, is now in progress`);

    // The link in each message unfollows that follower, without a session.
    for (const m of rows) {
      const link = m.body.match(/https:\/\/civiclens\.example\/reports\/[^/\s]+\/unfollow\?token=[^\s]+/)?.[0];
      expect(link).toBeDefined();
      const token = new URL(link!).searchParams.get("token")!;
      await callerFor(db()).reports.unfollow({ token });
    }
    const left = await db().selectFrom("report_follows").select("user_id").where("report_id", "=", report.id).execute();
    expect(left.map((f) => f.user_id).sort()).toEqual([reporter.id, (await db().selectFrom("users").select("id").where("email", "=", "quiet@example.com").executeTakeFirstOrThrow()).id].sort());
  });

  it("says nothing for a change the reporter would not hear of", async () => {
    const { report } = await reportIn(db(), "submitted");
    await follower(report.id);
    const { result } = await engine().execute({ events: [{ ...statusChanged(report, "under_review") }] });
    expect(await openResult(result)).toEqual({ skipped: "not-a-notified-status" });
    expect(await messages()).toHaveLength(0);
  });

  it("walks thousands of followers a page per step: every follower once", async () => {
    const { report } = await reportIn(db(), "acknowledged");
    const n = 450;
    await sql`insert into users (phone) select '+9177' || lpad(g::text, 8, '0') from generate_series(1, ${n}) g`.execute(db());
    await sql`insert into report_follows (report_id, user_id) select ${report.id}::uuid, id from users where phone like '+9177%'`.execute(db());

    const pages = [];
    let after: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listFollowerRecipients>> = await listFollowerRecipients(db(), report.id, after, 200);
      pages.push(page.recipients.length);
      after = page.next;
    } while (after);
    expect(pages).toEqual([200, 200, 50]);

    const { result } = await engine().execute({ events: [statusChanged(report, "resolved")] });
    expect(await openResult(result)).toEqual({ sent: n, failed: 0, unchanged: 0 });
    const counted = await db().selectFrom("messages").select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.count<number>("user_id").distinct().as("users")]).executeTakeFirstOrThrow();
    expect({ n: Number(counted.n), users: Number(counted.users) }).toEqual({ n, users: n });
  }, 120_000);
});
