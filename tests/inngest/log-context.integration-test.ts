/**
 * Every line logged while Inngest runs a function carries the function's id, the run's id and its
 * event's id and name: the function's own lines (its `logger`), the app's (the domain, the
 * database) and the SDK's. The run is driven through the real client and serve handler, as the
 * Inngest server drives /api/inngest.
 */
import { NonRetriableError } from "inngest";
import { serve } from "inngest/next";
import { afterEach, describe, expect, it, vi } from "vitest";
import { logger } from "@/server/logging/logger";
import { inngest } from "@root/inngest/client";
import { useTestDb } from "../support/test-db";

useTestDb();

const probe = inngest.createFunction({ id: "log-probe", retries: 0, triggers: [{ event: "test/log.probe" }] }, async ({ logger: fnLogger }) => {
  fnLogger.error("from the function's logger");
  logger.error("from the app's logger");
  throw new NonRetriableError("the probe failed on purpose");
});

const { POST } = serve({ client: inngest, functions: [probe] }) as unknown as { POST: (req: Request, ctx: unknown) => Promise<Response> };

afterEach(() => {
  vi.restoreAllMocks();
});

describe("log context of a function run", () => {
  it("puts the function, run and event ids on the function's, the app's and the SDK's lines", async () => {
    const shown = vi.spyOn(console, "error").mockImplementation(() => {});
    const event = { id: "evt-probe-1", name: "test/log.probe", data: {}, ts: Date.now() };
    const body = { version: 2, event, events: [event], steps: {}, ctx: { run_id: "run-probe-1", attempt: 0, stack: { stack: [], current: 0 } } };
    const res = await POST(
      new Request("http://localhost:3000/api/inngest?fnId=civiclens-log-probe&stepId=step", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
      undefined,
    );
    expect(res.status).toBe(400); // a NonRetriableError: failed, not to be retried

    const lines = shown.mock.calls.map((c) => String(c[0]));
    const messages = lines.map((l) => l.split("\n")[0]!.replace(/^\S+ \S+\s+/, "").replace(/ \w+=.*$/, ""));
    expect(messages).toEqual([
      "from the function's logger",
      "from the app's logger",
      "Inngest function error",
    ]);
    for (const line of lines) {
      expect(line).toContain("functionId=log-probe"); // the function's own id, as task_runs records it
      expect(line).toContain("runId=run-probe-1");
      expect(line).toContain("eventId=evt-probe-1");
      expect(line).toContain("eventName=test/log.probe");
    }
  });
});
