import { beforeEach, describe, expect, it } from "vitest";
import { callerFor, trpcFailure } from "../../support/caller";
import { createUser } from "../../support/factories";
import { truncateAll, useTestDb } from "../../support/test-db";
import { reportIn, staff } from "./helpers";

const db = useTestDb();
beforeEach(async () => truncateAll(db()));
const fieldOf = (err: { cause?: unknown }) => (err.cause as { field?: string } | undefined)?.field;

describe("the moderation queue's request flag", () => {
  it("flags a report whose reporter says 'fixed now' while it is open, until a status change or a staff update answers it; the filter keeps only flagged ones", async () => {
    const asked = await reportIn(db(), "in_progress");
    const quiet = await reportIn(db(), "in_progress");
    const answered = await reportIn(db(), "acknowledged");
    const hiddenAsk = await reportIn(db(), "acknowledged");
    const moderator = await staff(db());
    const mod = callerFor(db(), moderator);
    await callerFor(db(), asked.reporter).updates.add({ reportId: asked.report.id, kind: "fixed", text: "Filled in yesterday." });
    await callerFor(db(), quiet.reporter).updates.add({ reportId: quiet.report.id, kind: "still_there" });
    await callerFor(db(), answered.reporter).updates.add({ reportId: answered.report.id, kind: "fixed" });
    await mod.updates.add({ reportId: answered.report.id, kind: "staff", text: "An inspector will check before we close it." });
    const spam = await callerFor(db(), await createUser(db())).updates.add({ reportId: hiddenAsk.report.id, kind: "fixed" });
    await mod.admin.hideUpdate({ updateId: spam.id, reason: "Not true: the crew has not been" });

    const flags = Object.fromEntries((await mod.admin.queue({ sort: "age", limit: 25 })).items.map((r) => [r.id, r.pendingRequest]));
    expect(flags).toEqual({ [asked.report.id]: "close_request", [quiet.report.id]: null, [answered.report.id]: null, [hiddenAsk.report.id]: null });
    expect((await mod.admin.queue({ sort: "age", limit: 25, withRequest: true })).items.map((r) => r.id)).toEqual([asked.report.id]);

    // Answered by the report's next status change.
    const [row] = (await mod.admin.queue({ sort: "age", limit: 25, withRequest: true })).items;
    await mod.admin.moderate({ reportId: asked.report.id, version: row!.version, action: "resolve", note: "Filled and checked." });
    expect((await mod.admin.queue({ sort: "age", limit: 25, status: "resolved" })).items.map((r) => [r.id, r.pendingRequest])).toEqual([[asked.report.id, null]]);
    expect((await mod.admin.queue({ sort: "age", limit: 25, status: "resolved", withRequest: true })).items).toEqual([]);
  });

  it("refuses a filter that is not true or false, naming it", async () => {
    const err = await trpcFailure(callerFor(db(), await staff(db())).admin.queue({ sort: "age", limit: 25, withRequest: "yes" as unknown as boolean }));
    expect([err.code, fieldOf(err)]).toEqual(["BAD_REQUEST", "withRequest"]);
  });
});
