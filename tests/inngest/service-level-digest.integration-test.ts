import { InngestTestEngine } from "@inngest/test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setDeadlines, settleStage } from "@/server/domain/service-levels/track";
import { serviceLevelDigest } from "@root/inngest/functions/service-level-digest";
import { createUser } from "../support/factories";
import { truncateAll, useTestDb } from "../support/test-db";
import { useResendStandin } from "../support/use-resend-standin";
import { reportIn } from "../server/admin/helpers";
import { openResult } from "./helpers";

const db = useTestDb();
const resend = useResendStandin({ APP_URL: "https://civiclens.example" });
const HOUR = 3_600_000;
beforeEach(async () => truncateAll(db()));
afterEach(() => vi.useRealTimers());
const engine = () => new InngestTestEngine({ function: serviceLevelDigest, events: [{ name: "inngest/scheduled.timer", data: {} } as never] });

async function overdueReport(title: string) {
  const { report } = await reportIn(db(), "under_review", { category: "garbage", severity: "medium", title, createdAt: new Date(Date.now() - 30 * HOUR) });
  await setDeadlines(db(), report.id);
  await settleStage(db(), report.id, "acknowledge");
  return report;
}
async function staffWithEmail(role: "moderator" | "admin", email: string, locale: "en" | "hi" | null, verified = true) {
  const u = await createUser(db(), { role });
  await db().updateTable("users").set({ email, email_verified_at: verified ? new Date() : null, locale }).where("id", "=", u.id).execute();
  return u;
}
const digests = () => db().selectFrom("messages").selectAll().where("kind", "=", "service_level_digest").orderBy("recipient").execute();

describe("service-level-digest", () => {
  it("one email per moderator with a verified email, in their language, listing the hour's overdue reports; nothing twice", async () => {
    const a = await overdueReport("Overflowing bin near the market");
    const b = await overdueReport("Garbage not collected for a week");
    await staffWithEmail("moderator", "asha@example.com", "hi");
    await staffWithEmail("admin", "dev@example.com", null);
    await staffWithEmail("moderator", "unverified@example.com", "en", false);
    await createUser(db()); // a citizen

    const { result } = await engine().execute();
    expect(await openResult(result)).toMatchObject({ overdue: 2, sent: 2 });
    const sent = await digests();
    expect(sent.map((m) => m.recipient)).toEqual(["asha@example.com", "dev@example.com"]);
    const [hindi, english] = sent;
    expect(english!.subject).toBe("2 reports newly overdue");
    expect(english!.body).toContain("Not acknowledged in time");
    expect(english!.body).toContain(`${a.ref} · Overflowing bin near the market (Garbage & sanitation)`);
    expect(english!.body).toContain(b.ref);
    expect(english!.body).toContain("https://civiclens.example/admin/service-levels#overdue");
    expect(hindi!.subject).toBe("2 शिकायतें नई समय-सीमा पार");
    expect(hindi!.body).toContain("समय पर स्वीकार नहीं हुई");
    expect(resend.sent).toHaveLength(2);

    // The same hour again (a second run, or a retry): the same breaches, the same keyed messages, nothing re-sent.
    await engine().execute();
    expect(await digests()).toHaveLength(2);
    expect(resend.sent).toHaveLength(2);

    // The next hour: nothing new is overdue, so nothing is sent.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date(Date.now() + HOUR));
    expect(await openResult((await engine().execute()).result)).toMatchObject({ overdue: 0, sent: 0 });
    // A report newly overdue then gets a digest of its own, without the earlier two.
    const c = await overdueReport("Dump burning behind the school");
    const { result: next } = await engine().execute();
    expect(await openResult(next)).toMatchObject({ overdue: 1, sent: 2 });
    const latest = (await digests()).filter((m) => m.body.includes(c.ref));
    expect(latest).toHaveLength(2);
    expect(latest[0]!.body).not.toContain(a.ref);
  });
});
