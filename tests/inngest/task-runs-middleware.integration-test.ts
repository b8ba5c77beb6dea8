import { InngestTestEngine, mockCtx } from "@inngest/test";
import { NonRetriableError } from "inngest";
import type { KyselyPlugin } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setDb, type DB } from "@/server/db/client";
import { inngest } from "@root/inngest/client";
import { updateLoginStats } from "@root/inngest/functions/update-login-stats";
import { RECORD_ATTEMPTS } from "@root/inngest/task-runs-middleware";
import { expectConsoleError } from "../support/console-guard";
import { truncateAll, useTestDb } from "../support/test-db";

const db = useTestDb();
beforeEach(async () => truncateAll(db()));

const runs = () => db().selectFrom("task_runs").selectAll().orderBy("started_at").execute();
const event = (id: string) => ({ id, name: "test/thing.happened", data: { userId: "u-1" } });

// Functions on the app's client, so they carry the real TaskRunsMiddleware (and encryption).
const slow = inngest.createFunction({ id: "test-slow", triggers: [{ event: "test/thing.happened" }] }, async () => {
  await new Promise((r) => setTimeout(r, 60));
  return "done";
});
const stepFails = inngest.createFunction({ id: "test-step-fails", triggers: [{ event: "test/thing.happened" }] }, async ({ step }) =>
  step.run("boom", async () => {
    throw new Error("boom");
  }),
);
const refuses = inngest.createFunction({ id: "test-refuses", triggers: [{ event: "test/thing.happened" }] }, async () => {
  throw new NonRetriableError("bad input");
});
const stepRefuses = inngest.createFunction({ id: "test-step-refuses", triggers: [{ event: "test/thing.happened" }] }, async ({ step }) =>
  step.run("refuse", async () => {
    throw new NonRetriableError("bad input");
  }),
);

describe("TaskRunsMiddleware under @inngest/test", () => {
  it("records a completed run of a real function with its event and subject", async () => {
    const user = await db().insertInto("users").values({ phone: "+919876543210" }).returning("id").executeTakeFirstOrThrow();
    const at = new Date().toISOString();
    await new InngestTestEngine({ function: updateLoginStats }).execute({
      events: [{ id: "evt-1", name: "auth/login.succeeded", data: { userId: user.id, method: "phone-otp", ip: null, userAgent: null, at } }],
    });

    const rows = await runs();
    // @inngest/test gives every re-entry of a run a fresh runId, so the first request's "running"
    // row is never completed here; with Inngest the run id is stable and it is one row.
    const completed = rows.filter((r) => r.status === "completed");
    expect(completed).toHaveLength(1);
    expect(completed[0]).toMatchObject({
      function_id: "update-login-stats",
      event_id: "evt-1",
      event_name: "auth/login.succeeded",
      subject_id: user.id,
      finished_at: expect.any(Date),
      duration_ms: expect.any(Number),
      error: null,
    });
    expect(rows.every((r) => r.function_id === "update-login-stats" && r.event_id === "evt-1")).toBe(true);
  });

  it("measures the duration of a run served in one request", async () => {
    await new InngestTestEngine({ function: slow }).execute({ events: [event("evt-slow")] });

    const rows = await runs();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ function_id: "test-slow", event_id: "evt-slow", event_name: "test/thing.happened", status: "completed" });
    expect(rows[0]!.duration_ms).toBeGreaterThanOrEqual(50);
    expect(rows[0]!.finished_at!.getTime()).toBeGreaterThanOrEqual(rows[0]!.started_at.getTime());
  });

  it("marks a run whose step throws as retrying, with the error, not finished", async () => {
    expectConsoleError(/Inngest step error|Error: boom/);
    const { error } = await new InngestTestEngine({ function: stepFails }).execute({ events: [event("evt-boom")] });
    expect(error).toMatchObject({ message: "boom" });

    // @inngest/test does not pass maxAttempts, so a step error is never the final attempt here.
    expect(await runs()).toMatchObject([{ function_id: "test-step-fails", status: "retrying", error: "boom", finished_at: null, duration_ms: null }]);
  });

  it("marks a run that throws NonRetriableError as failed, with the error and a duration", async () => {
    expectConsoleError(/Inngest function error|bad input/);
    await new InngestTestEngine({ function: refuses }).execute({ events: [event("evt-refused")] });

    expect(await runs()).toMatchObject([
      { function_id: "test-refuses", status: "failed", error: "bad input", finished_at: expect.any(Date), duration_ms: expect.any(Number) },
    ]);
  });

  it("leaves a run whose step throws NonRetriableError running: the failure is recorded on the next request", async () => {
    expectConsoleError(/Inngest step error|bad input/);
    const { error } = await new InngestTestEngine({ function: stepRefuses }).execute({ events: [event("evt-step-refused")] });
    expect(error).toMatchObject({ name: "NonRetriableError" });

    // onStepError skips final attempts (onRunError is meant to record them), but onRunError only
    // fires when Inngest calls the function again with the failed step, which @inngest/test does not.
    expect(await runs()).toMatchObject([{ function_id: "test-step-refuses", status: "running", error: null }]);
  });
});

/**
 * The test database, except that task_runs writes number `skip + 1` to `skip + fail` fail the way a
 * pool under pressure fails them (no connection within its timeout).
 */
function failingTaskRunWrites({ skip, fail }: { skip: number; fail: number }): DB {
  let seen = 0;
  const plugin: KyselyPlugin = {
    transformQuery({ node }) {
      if (node.kind === "InsertQueryNode" && node.into?.table.identifier.name === "task_runs") {
        seen++;
        if (seen > skip && seen <= skip + fail) throw new Error("timeout exceeded when trying to connect");
      }
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  return db().withPlugin(plugin);
}

/** A request of the run `runId` as Inngest sends it: the same run id on every attempt. */
const attemptOf = (runId: string, attempt: number) => ({ transformCtx: (raw: unknown) => ({ ...mockCtx(raw as never), runId, attempt }) });

describe("TaskRunsMiddleware when task_runs writes fail (pool pressure)", () => {
  afterEach(() => setDb(db())); // every handle back to the plain test database

  it("records completion once the database takes it again, within the same request", async () => {
    setDb(failingTaskRunWrites({ skip: 1, fail: RECORD_ATTEMPTS - 1 }));
    const { error } = await new InngestTestEngine({ function: slow, ...attemptOf("run-brief", 0) }).execute({ events: [event("evt-brief")] });

    expect(error).toBeUndefined();
    expect(await runs()).toMatchObject([{ run_id: "run-brief", status: "completed", finished_at: expect.any(Date), duration_ms: expect.any(Number) }]);
  });

  it("fails the request when completion cannot be recorded, so Inngest retries it, and the retry records it", async () => {
    expectConsoleError(/Inngest function error|could not record/);
    // Every try of completion fails, and so does every try of the error record that follows.
    setDb(failingTaskRunWrites({ skip: 1, fail: 2 * RECORD_ATTEMPTS }));
    const first = await new InngestTestEngine({ function: slow, ...attemptOf("run-outage", 0) }).execute({ events: [event("evt-outage")] });
    expect(first.error).toMatchObject({ message: expect.stringMatching(/^task_runs: could not record completion: timeout exceeded/) });
    expect(await runs()).toMatchObject([{ run_id: "run-outage", status: "running" }]);

    const retry = await new InngestTestEngine({ function: slow, ...attemptOf("run-outage", 1) }).execute({ events: [event("evt-outage")] });
    expect(retry.error).toBeUndefined();
    expect(await runs()).toMatchObject([{ run_id: "run-outage", status: "completed", attempt: 1, finished_at: expect.any(Date) }]);
  });

  it("records a run's failure through brief write failures", async () => {
    expectConsoleError(/Inngest function error|bad input|could not record/);
    setDb(failingTaskRunWrites({ skip: 1, fail: RECORD_ATTEMPTS - 1 }));
    await new InngestTestEngine({ function: refuses, ...attemptOf("run-refused", 0) }).execute({ events: [event("evt-refused-briefly")] });

    expect(await runs()).toMatchObject([{ run_id: "run-refused", status: "failed", error: "bad input", finished_at: expect.any(Date) }]);
  });
});
