import { describe, expect, it } from "vitest";
import { functions } from "@root/inngest/index";
import { concurrencyLimits, registeredConfig } from "./registered-config";

/**
 * Back-pressure (ADR 0012): every function tells Inngest how many of its steps may run at once and
 * how often to retry, so a backlog is worked off at a pace the background pool can take instead of
 * all at once. Walks the registry /api/inngest serves, so a new function cannot leave them out.
 */
describe.each(functions.map((fn) => [fn.id(), registeredConfig(fn)] as const))("%s", (_id, config) => {
  it("registers a concurrency limit", () => {
    const limits = concurrencyLimits(config);
    for (const c of limits) expect(c.limit).toBeGreaterThan(0);
    // One limit at least holds for the whole function, not only per key.
    expect(limits.filter((c) => c.key === undefined)).toHaveLength(1);
  });

  it("registers a retry count", () => {
    expect(config.steps.step.retries?.attempts).toEqual(expect.any(Number));
  });
});
