import { randomUUID } from "node:crypto";
import { InngestTestEngine } from "@inngest/test";
import { beforeEach, describe, expect, it } from "vitest";
import { queueMessage } from "@/server/domain/messages";
import { recordDeadLetter } from "@root/inngest/functions/record-dead-letter";
import { expectConsoleError } from "../support/console-guard";
import { truncateAll, useTestDb } from "../support/test-db";
import { openResult } from "./helpers";

const db = useTestDb();
beforeEach(async () => truncateAll(db()));
const engine = () => new InngestTestEngine({ function: recordDeadLetter });

function failedEvent(original: { id?: string; name: string; data: Record<string, unknown> }, functionId = "civiclens-notify-reporter", runId = randomUUID()) {
  return {
    id: randomUUID(),
    name: "inngest/function.failed",
    ts: Date.now(),
    data: { function_id: functionId, run_id: runId, error: { name: "Error", message: "Resend 500: internal_server_error" }, event: original },
  };
}

describe("record-dead-letter", () => {
  it("stores the failed run with what a re-send needs and fails the queued message", async () => {
    const original = { id: randomUUID(), name: "report/status.changed", data: { ref: "CL-2026-000001", to: "resolved" } };
    const message = await queueMessage(db(), { eventId: original.id, channel: "email", kind: "report_status", recipient: "a@example.com", body: "…", provider: "resend" });
    const event = failedEvent(original);
    const { result } = await engine().execute({ events: [event] });

    const letters = await db().selectFrom("dead_letters").selectAll().execute();
    expect(letters).toEqual([
      expect.objectContaining({
        function_id: "civiclens-notify-reporter",
        run_id: event.data.run_id,
        event_id: original.id,
        event_name: "report/status.changed",
        event_data: original.data,
        error: "Error: Resend 500: internal_server_error",
        message_id: message.id,
        status: "open",
      }),
    ]);
    expect(await db().selectFrom("messages").select(["status", "error"]).execute()).toEqual([{ status: "failed", error: "Error: Resend 500: internal_server_error" }]);
    expect(await openResult(result)).toMatchObject({ created: true, messageId: message.id });
  });

  it("is idempotent by run id, and leaves a message that was already sent alone", async () => {
    const original = { id: randomUUID(), name: "user/email-verification.requested", data: { userId: "u" } };
    const message = await queueMessage(db(), { eventId: original.id, channel: "email", kind: "email_verification", recipient: "a@example.com", body: "…", provider: "resend" });
    await db().updateTable("messages").set({ status: "sent" }).where("id", "=", message.id).execute();
    const event = failedEvent(original, "civiclens-send-verification-email");
    await engine().execute({ events: [event] });
    const again = await engine().execute({ events: [event] });
    expect(await openResult(again.result)).toMatchObject({ created: false });
    expect(await db().selectFrom("dead_letters").select("id").execute()).toHaveLength(1);
    expect(await db().selectFrom("messages").select("status").execute()).toEqual([{ status: "sent" }]);
  });

  it("records failures that had no message, and ignores its own", async () => {
    await engine().execute({ events: [failedEvent({ name: "report/created", data: { reportId: "r1" } }, "civiclens-triage-report")] });
    expect(await db().selectFrom("dead_letters").select(["function_id", "event_id", "message_id"]).execute()).toEqual([
      { function_id: "civiclens-triage-report", event_id: null, message_id: null },
    ]);
    const { result } = await engine().execute({ events: [failedEvent({ name: "inngest/function.failed", data: {} }, "civiclens-record-dead-letter")] });
    expect(await openResult(result)).toEqual({ skipped: "own-failure" });
    expect(await db().selectFrom("dead_letters").select("id").execute()).toHaveLength(1);
  });

  it("shows the run as failed in task_runs, also when the run never got to record itself", async () => {
    // A report/created run that failed while its input was read (sealed data it could not open):
    // no middleware hook ran, so only the failure event knows it.
    const reportId = randomUUID();
    const event = failedEvent({ id: randomUUID(), name: "report/created", data: { reportId } }, "civiclens-triage-report");
    await engine().execute({ events: [event] });
    // (record-dead-letter's own run has a row too, from the task-runs middleware.)
    const runs = await db().selectFrom("task_runs").selectAll().where("function_id", "<>", "record-dead-letter").execute();
    expect(runs).toEqual([
      expect.objectContaining({ run_id: event.data.run_id, function_id: "triage-report", subject_id: reportId, event_name: "report/created", status: "failed", error: "Error: Resend 500: internal_server_error" }),
    ]);
    expect(runs[0]!.finished_at).toBeInstanceOf(Date);
  });

  it("turns a run left running into failed, and leaves one already recorded as failed as it was", async () => {
    const stuck = failedEvent({ name: "report/created", data: { reportId: "r-stuck" } }, "civiclens-award-reputation");
    const done = failedEvent({ name: "report/created", data: { reportId: "r-done" } }, "civiclens-record-audit");
    const finishedAt = new Date("2026-11-29T01:02:03Z");
    await db()
      .insertInto("task_runs")
      .values([
        { run_id: stuck.data.run_id, function_id: "award-reputation", subject_id: "r-stuck", status: "running", attempt: 2 },
        { run_id: done.data.run_id, function_id: "record-audit", subject_id: "r-done", status: "failed", attempt: 3, error: "its own words", finished_at: finishedAt, duration_ms: 12 },
      ])
      .execute();
    await engine().execute({ events: [stuck] });
    await engine().execute({ events: [done] });
    const rows = await db().selectFrom("task_runs").select(["run_id", "status", "attempt", "error", "finished_at", "duration_ms"]).where("function_id", "<>", "record-dead-letter").orderBy("function_id").execute();
    expect(rows).toEqual([
      { run_id: stuck.data.run_id, status: "failed", attempt: 2, error: "Error: Resend 500: internal_server_error", finished_at: expect.any(Date), duration_ms: expect.any(Number) },
      { run_id: done.data.run_id, status: "failed", attempt: 3, error: "its own words", finished_at: finishedAt, duration_ms: 12 },
    ]);
  });

  it("refuses a malformed failure event without retrying", async () => {
    expectConsoleError(/Inngest function error|without the expected fields/);
    const { error } = await engine().execute({ events: [{ id: randomUUID(), name: "inngest/function.failed", ts: Date.now(), data: { nothing: true } }] });
    expect(error).toMatchObject({ name: "NonRetriableError" });
  });
});
