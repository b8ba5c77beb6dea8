/**
 * The one logger: where its lines go in each environment, and the context every line carries.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { logSettings } from "@/server/config/env";
import { addLogContext, createLogger, defaultLogOptions, logger, withLogContext } from "@/server/logging/logger";

function jsonLines() {
  const lines: string[] = [];
  const log = createLogger({ level: "info", output: "json", destination: { write: (line: string) => void lines.push(line) } });
  return { log, entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("logger output", () => {
  it("writes JSON in production, readable lines in development, and test lines in tests; LOG_LEVEL sets the level", () => {
    expect(defaultLogOptions(logSettings({ NODE_ENV: "production" }))).toEqual({ output: "json", level: "info" });
    expect(defaultLogOptions(logSettings({ NODE_ENV: "development" }))).toEqual({ output: "pretty", level: "info" });
    expect(defaultLogOptions(logSettings({}))).toEqual({ output: "pretty", level: "info" });
    expect(defaultLogOptions(logSettings({ NODE_ENV: "test" }))).toEqual({ output: "test", level: "error" });
    expect(defaultLogOptions(logSettings({ NODE_ENV: "test", LOG_LEVEL: "debug" }))).toEqual({ output: "test", level: "debug" });
    expect(defaultLogOptions(logSettings({ NODE_ENV: "production", LOG_LEVEL: "warn" }))).toEqual({ output: "json", level: "warn" });
  });

  it("is built even from an environment that does not validate, so it can report it", () => {
    expect(logSettings({ NODE_ENV: "staging", LOG_LEVEL: "loud", DATABASE_URL: "not a url" })).toEqual({ NODE_ENV: "production", LOG_LEVEL: undefined });
  });

  it("in tests, shows errors on console.error and nothing below them unless LOG_LEVEL asks", () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const others = vi.spyOn(console, "log").mockImplementation(() => {});
    const quiet = createLogger(defaultLogOptions({ NODE_ENV: "test", LOG_LEVEL: undefined }));
    quiet.warn("a warning");
    quiet.info("some news");
    expect(errors).not.toHaveBeenCalled();
    expect(others).not.toHaveBeenCalled();
    quiet.error({ reportId: "r-1" }, "it broke");
    quiet.fatal("it broke for good");
    expect(errors.mock.calls.map((c) => String(c[0]))).toEqual([expect.stringMatching(/ERROR it broke reportId=r-1$/), expect.stringMatching(/FATAL it broke for good$/)]);

    const chatty = createLogger(defaultLogOptions({ NODE_ENV: "test", LOG_LEVEL: "info" }));
    chatty.info("some news");
    expect(others.mock.calls.map((c) => String(c[0]))).toEqual([expect.stringMatching(/INFO  some news$/)]);
  });

  it("is the test logger under vitest: an error reaches console.error, with its stack", () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    logger.error({ err: new Error("the database went away") }, "[trpc] reports.create failed: the database went away");
    expect(errors).toHaveBeenCalledTimes(1);
    expect(String(errors.mock.calls[0]![0])).toMatch(/ERROR \[trpc\] reports\.create failed: the database went away\nError: the database went away\n\s+at /);
  });

  it("writes a level name, an ISO time and the message in every JSON line", () => {
    const { log, entries } = jsonLines();
    log.warn({ attempts: 3 }, "relay pass failed");
    expect(entries()[0]).toMatchObject({ level: "warn", time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), attempts: 3, msg: "relay pass failed" });
  });
});

describe("log context", () => {
  it("puts the context on every line logged inside it, through awaits, and nowhere else", async () => {
    const { log, entries } = jsonLines();
    log.info("before");
    await withLogContext({ requestId: "req-1" }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      log.info("inside");
      await withLogContext({ functionId: "civiclens-notify-reporter" }, async () => {
        addLogContext({ eventId: "evt-1" });
        log.info("nested");
      });
      log.info("after nested");
    });
    log.info("after");
    expect(entries().map(({ msg, requestId, functionId, eventId }) => ({ msg, requestId, functionId, eventId }))).toEqual([
      { msg: "before" },
      { msg: "inside", requestId: "req-1" },
      { msg: "nested", requestId: "req-1", functionId: "civiclens-notify-reporter", eventId: "evt-1" },
      { msg: "after nested", requestId: "req-1" },
      { msg: "after" },
    ]);
  });

  it("lets a line's own fields stand beside the context's", () => {
    const { log, entries } = jsonLines();
    withLogContext({ requestId: "req-2" }, () => log.info({ path: "reports.create" }, "x"));
    expect(entries()[0]).toMatchObject({ requestId: "req-2", path: "reports.create" });
  });
});
