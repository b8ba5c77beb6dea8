import { randomUUID } from "node:crypto";
import { InngestTestEngine } from "@inngest/test";
import { beforeEach, describe, expect, it } from "vitest";
import type { NotificationChannelChoice } from "@/server/db/schema";
import { notifyReporter } from "@root/inngest/functions/notify-reporter";
import { callerFor } from "../support/caller";
import { expectConsoleError } from "../support/console-guard";
import { createUser, reportInput } from "../support/factories";
import { truncateAll, useTestDb } from "../support/test-db";
import { useResendStandin } from "../support/use-resend-standin";
import { openResult } from "./helpers";

const db = useTestDb();
const engine = () => new InngestTestEngine({ function: notifyReporter });
const messages = () => db().selectFrom("messages").selectAll().execute();

const resend = useResendStandin({ APP_URL: "https://civiclens.example" });
beforeEach(async () => truncateAll(db()));

async function reporter(opts: { email?: string; verified?: boolean; pref?: NotificationChannelChoice } = {}) {
  const user = await createUser(db());
  await db()
    .updateTable("users")
    .set({
      email: opts.email ?? null,
      email_verified_at: opts.verified ? new Date() : null,
      notification_prefs: JSON.stringify({ status_change: opts.pref ?? "auto" }),
    })
    .where("id", "=", user.id)
    .execute();
  const report = await callerFor(db(), { id: user.id, phone: user.phone }).reports.create(reportInput());
  return { user, report };
}

function statusChanged(r: Awaited<ReturnType<typeof reporter>>, over: { to?: string; from?: string; note?: string | null } = {}) {
  return {
    id: randomUUID(),
    name: "report/status.changed",
    ts: Date.now(),
    data: {
      reportId: r.report.id,
      ref: r.report.ref,
      reporterId: r.user.id,
      from: over.from ?? "under_review",
      to: over.to ?? "in_progress",
      action: "start",
      actorId: randomUUID(),
      note: over.note === undefined ? "Crew scheduled for Tuesday." : over.note,
      at: new Date().toISOString(),
    },
  };
}

describe("notify-reporter", () => {
  it("emails a reporter with a verified address: ref, status, note and link, through Resend", async () => {
    const r = await reporter({ email: "asha@example.com", verified: true });
    const event = statusChanged(r);
    const { result } = await engine().execute({ events: [event] });

    expect(resend.sent).toHaveLength(1);
    const sent = resend.sent[0]!;
    expect(sent.idempotencyKey).toBe(event.id);
    expect(sent.body.to).toBe("asha@example.com");
    expect(sent.body.subject).toBe(`Report ${r.report.ref}: In progress`);
    const link = `https://civiclens.example/reports/${r.report.ref}`;
    for (const part of [sent.body.text!, sent.body.html!]) {
      expect(part).toContain(r.report.ref);
      expect(part).toContain("Crew scheduled for Tuesday.");
      expect(part).toContain(link);
      expect(part.toLowerCase()).toContain("in progress");
    }
    const rows = await messages();
    expect(rows).toMatchObject([{ channel: "email", kind: "report_status", recipient: "asha@example.com", status: "sent", provider: "resend", event_id: event.id }]);
    expect(await openResult(result)).toEqual({ messageId: rows[0]!.id, channel: "email", status: "sent" });
  });

  it("texts a reporter without a verified email (auto), with the same facts", async () => {
    const r = await reporter({ email: "unverified@example.com", verified: false });
    await engine().execute({ events: [statusChanged(r, { to: "resolved", note: "Pothole filled." })] });
    expect(resend.requests).toHaveLength(0);
    const rows = await messages();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ channel: "sms", recipient: r.user.phone, provider: "dev-mailbox", status: "sent" });
    expect(rows[0]!.body).toContain(r.report.ref);
    expect(rows[0]!.body).toContain("resolved");
    expect(rows[0]!.body).toContain("Pothole filled.");
    expect(rows[0]!.body).toContain(`https://civiclens.example/reports/${r.report.ref}`);
  });

  it("honours preferences: sms over a verified email, and none", async () => {
    const bySms = await reporter({ email: "a@example.com", verified: true, pref: "sms" });
    await engine().execute({ events: [statusChanged(bySms, { to: "acknowledged" })] });
    expect(await messages()).toMatchObject([{ channel: "sms", recipient: bySms.user.phone }]);

    const silent = await reporter({ email: "b@example.com", verified: true, pref: "none" });
    const { result } = await engine().execute({ events: [statusChanged(silent, { to: "rejected" })] });
    expect(await openResult(result)).toEqual({ skipped: "no-notification-wanted" });
    expect(await messages()).toHaveLength(1);
    expect(resend.requests).toHaveLength(0);
  });

  it("says nothing to a reporter who unfollowed their report, and speaks again once they follow it", async () => {
    const r = await reporter({ email: "a@example.com", verified: true });
    const caller = callerFor(db(), { id: r.user.id, phone: r.user.phone });
    await caller.reports.unfollow({ reportId: r.report.id });
    const { result } = await engine().execute({ events: [statusChanged(r, { to: "acknowledged" })] });
    expect(await openResult(result)).toEqual({ skipped: "no-notification-wanted" });
    await caller.reports.follow({ reportId: r.report.id });
    await engine().execute({ events: [statusChanged(r, { to: "acknowledged" })] });
    expect(await messages()).toHaveLength(1);
  });

  it("says nothing for a change that is not a reporter-facing status", async () => {
    const r = await reporter({ email: "a@example.com", verified: true });
    const { result } = await engine().execute({ events: [statusChanged(r, { from: "submitted", to: "under_review" })] });
    expect(await openResult(result)).toEqual({ skipped: "not-a-notified-status" });
    expect(await messages()).toHaveLength(0);
  });

  it("a redelivered event sends once; a 500 leaves the message queued for the retry", async () => {
    expectConsoleError(/Inngest step error|Resend 500/);
    const r = await reporter({ email: "a@example.com", verified: true });
    const event = statusChanged(r, { to: "duplicate", note: null });
    resend.script.push({ status: 500 });
    const first = await engine().execute({ events: [event] });
    expect(first.error).toMatchObject({ message: expect.stringContaining("Resend 500") });
    expect(await messages()).toMatchObject([{ status: "queued" }]);
    await engine().execute({ events: [event] });
    await engine().execute({ events: [event] });
    expect(resend.sent).toHaveLength(1);
    // The status reads as the report page shows it: the catalog's label.
    expect(resend.sent[0]!.body.subject).toBe(`Report ${r.report.ref}: Duplicate`);
    expect(resend.sent[0]!.body.text).toContain("The moderator left no note.");
    expect(await messages()).toMatchObject([{ status: "sent" }]);
  });

  it("a 422 fails for good and marks the message failed", async () => {
    expectConsoleError(/Inngest step error|Resend 422/);
    const r = await reporter({ email: "a@example.com", verified: true });
    resend.fallback = { status: 422 };
    const { error } = await engine().execute({ events: [statusChanged(r)] });
    expect(error).toMatchObject({ name: "NonRetriableError" });
    expect(await messages()).toMatchObject([{ status: "failed" }]);
  });
});
