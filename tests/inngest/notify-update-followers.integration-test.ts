import { randomUUID } from "node:crypto";
import { InngestTestEngine } from "@inngest/test";
import { beforeEach, describe, expect, it } from "vitest";
import { addUpdate } from "@/server/domain/updates/add-update";
import { notifyUpdateFollowers } from "@root/inngest/functions/notify-update-followers";
import { callerFor } from "../support/caller";
import { createUser } from "../support/factories";
import { truncateAll, useTestDb } from "../support/test-db";
import { reportIn, staff } from "../server/admin/helpers";
import { openResult } from "./helpers";
import { registeredConfig } from "./registered-config";

const db = useTestDb();
const engine = () => new InngestTestEngine({ function: notifyUpdateFollowers });
beforeEach(async () => truncateAll(db()));
const messages = () => db().selectFrom("messages").selectAll().where("kind", "=", "report_update_notice").orderBy("created_at").execute();

async function follower(reportId: string, locale: "en" | "hi" | null = null) {
  const user = await createUser(db());
  if (locale) await db().updateTable("users").set({ locale }).where("id", "=", user.id).execute();
  await callerFor(db(), user).reports.follow({ reportId });
  return user;
}

/** Posts an update as the app does and returns the event it wrote to the outbox, as Inngest would deliver it. */
async function post(author: { id: string; role: "citizen" | "moderator" | "admin" }, reportId: string, kind: "note" | "still_there" | "fixed" | "staff", text?: string) {
  const u = await addUpdate(db(), author, { reportId, kind, text }, { perUser: 100, windowSeconds: 60 });
  const row = await db().selectFrom("event_outbox").selectAll().where("name", "=", "report/update.added").orderBy("created_at", "desc").orderBy("id", "desc").executeTakeFirstOrThrow();
  return { update: u, event: { id: row.id, name: "report/update.added" as const, data: row.data as never } };
}

describe("notify-update-followers", () => {
  it("registers a debounce per report, so a burst of updates is one run", () => {
    const config = registeredConfig(notifyUpdateFollowers) as unknown as { debounce?: { key?: string; period: string; timeout?: string } };
    expect(config.debounce).toMatchObject({ key: "event.data.reportId", period: "1m" });
  });

  it("after five updates in a minute, tells each follower and the reporter once, never the author; a redelivery sends nothing more", async () => {
    const { report, reporter } = await reportIn(db(), "in_progress");
    const neighbour = await follower(report.id);
    const author = await follower(report.id);
    let last;
    for (const text of ["Still there.", "Bigger today.", "A scooter fell in.", "Water in it now.", "Still there tonight."]) last = await post(author, report.id, "note", text);

    // Debounced: Inngest runs once, with the last event of the burst.
    const { result } = await engine().execute({ events: [last!.event] });
    expect(await openResult(result)).toEqual({ sent: 2, failed: 0, unchanged: 0 });
    let rows = await messages();
    expect(rows.map((m) => m.user_id).sort()).toEqual([reporter.id, neighbour.id].sort());
    expect(rows.every((m) => m.status === "sent")).toBe(true);
    const toNeighbour = rows.find((m) => m.user_id === neighbour.id)!;
    expect(toNeighbour.body).toContain(`5 new updates on report ${report.ref}`);
    expect(toNeighbour.body).toContain("Still there tonight.");
    expect(toNeighbour.body).toMatch(/\/unfollow\?token=/);
    expect(rows.find((m) => m.user_id === reporter.id)!.body).not.toMatch(/unfollow/);

    // The same event delivered again, and an earlier event of the burst run late: nothing new to tell.
    await engine().execute({ events: [last!.event] });
    expect(await openResult((await engine().execute({ events: [last!.event] })).result)).toEqual({ sent: 0, failed: 0, unchanged: 0 });
    expect(await messages()).toHaveLength(2);

    // A later update is a new notice about it alone; its author (the neighbour) is not told of their own.
    const next = await post(neighbour, report.id, "fixed");
    await engine().execute({ events: [next.event] });
    rows = await messages();
    expect(rows).toHaveLength(4);
    const second = rows.slice(2);
    expect(second.map((m) => m.user_id).sort()).toEqual([reporter.id, author.id].sort());
    expect(second.find((m) => m.user_id === author.id)!.body).toContain(`A new update on report ${report.ref}`);
  });

  it("a message claimed by an earlier delivery is not sent twice when the same run is retried", async () => {
    const { report } = await reportIn(db(), "acknowledged");
    await follower(report.id);
    const citizen = await createUser(db());
    const { event } = await post(citizen, report.id, "still_there");
    await Promise.all([engine().execute({ events: [event] }), engine().execute({ events: [event] })]);
    const rows = await messages();
    // The reporter and the follower, once each, whichever run got there first.
    expect(rows).toHaveLength(2);
    expect(new Set(rows.map((m) => m.event_id)).size).toBe(2);
  });

  it("says nothing of hidden updates, and writes in each recipient's language", async () => {
    const { report, reporter } = await reportIn(db(), "acknowledged");
    await db().updateTable("users").set({ locale: "hi" }).where("id", "=", reporter.id).execute();
    const moderator = await staff(db());
    const citizen = await createUser(db());
    const spam = await post(citizen, report.id, "note", "Buy cheap watches");
    await callerFor(db(), moderator).admin.hideUpdate({ updateId: spam.update.id, reason: "Advertising" });
    expect(await openResult((await engine().execute({ events: [spam.event] })).result)).toEqual({ sent: 0, failed: 0, unchanged: 0 });
    expect(await messages()).toHaveLength(0);

    const { event } = await post(moderator, report.id, "staff", "Crew booked for Monday.");
    await engine().execute({ events: [event] });
    const [toReporter] = await messages();
    expect(toReporter!.user_id).toBe(reporter.id);
    expect(toReporter!.body).toContain(`शिकायत ${report.ref} पर एक नया अपडेट`);
    expect(toReporter!.body).toContain("Crew booked for Monday.");
    expect(toReporter!.body).not.toContain("Buy cheap watches");
  });

  it("tells nobody of a report rejected since", async () => {
    const { report } = await reportIn(db(), "acknowledged");
    await follower(report.id);
    const { event } = await post(await createUser(db()), report.id, "note", "Some words here");
    await db().updateTable("reports").set({ status: "rejected" }).where("id", "=", report.id).execute();
    expect(await openResult((await engine().execute({ events: [{ ...event, id: randomUUID() }] })).result)).toEqual({ skipped: "report-not-public" });
    expect(await messages()).toHaveLength(0);
  });
});
