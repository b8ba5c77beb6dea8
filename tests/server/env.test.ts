import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/server/config/env";

describe("parseEnv", () => {
  it("runs a fresh clone in development with safe defaults", () => {
    const e = parseEnv({ NODE_ENV: "development" });
    expect(e).toMatchObject({ PGLITE_DIR: ".data/pglite", DEV_MAILBOX: true, SMS_PROVIDER: "dev-mailbox", inngestDev: true, OTP_LIMIT_PER_PHONE: 3 });
    expect(e.DATABASE_URL).toBeUndefined();
  });

  it("refuses production without secrets, naming each variable", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(
      /NEXTAUTH_SECRET[\s\S]*OTP_SECRET[\s\S]*INNGEST_ENCRYPTION_KEY[\s\S]*INNGEST_SIGNING_KEY[\s\S]*INNGEST_EVENT_KEY/,
    );
  });

  it("never runs Inngest unsigned in production", () => {
    const secrets = { NEXTAUTH_SECRET: "a".repeat(32), OTP_SECRET: "b".repeat(32), INNGEST_ENCRYPTION_KEY: "c".repeat(32) };
    const keys = { INNGEST_SIGNING_KEY: `signkey-prod-${"ab".repeat(32)}`, INNGEST_EVENT_KEY: "event-key" };
    expect(() => parseEnv({ NODE_ENV: "production", ...secrets, INNGEST_EVENT_KEY: "event-key" })).toThrow(/INNGEST_SIGNING_KEY is required in production/);
    expect(() => parseEnv({ NODE_ENV: "production", ...secrets, INNGEST_SIGNING_KEY: keys.INNGEST_SIGNING_KEY })).toThrow(/INNGEST_EVENT_KEY is required in production/);
    // The escape hatch for a local Dev Server is refused in production, whatever its value.
    for (const dev of ["1", "0", "http://127.0.0.1:8288"]) {
      expect(() => parseEnv({ NODE_ENV: "production", ...secrets, ...keys, INNGEST_DEV: dev })).toThrow(/INNGEST_DEV cannot be set in production/);
    }
    expect(parseEnv({ NODE_ENV: "production", ...secrets, ...keys }).inngestDev).toBe(false);
    // `next build` loads modules in production mode without runtime secrets.
    expect(parseEnv({ NODE_ENV: "production", NEXT_PHASE: "phase-production-build" }).inngestDev).toBe(true);
    expect(() => parseEnv({ INNGEST_SIGNING_KEY: "not-a-key" })).toThrow(/INNGEST_SIGNING_KEY must be/);
  });

  it("never turns the dev mailbox on in production", () => {
    const secrets = {
      NEXTAUTH_SECRET: "a".repeat(32),
      OTP_SECRET: "b".repeat(32),
      INNGEST_ENCRYPTION_KEY: "c".repeat(32),
      INNGEST_SIGNING_KEY: `signkey-prod-${"ab".repeat(32)}`,
      INNGEST_EVENT_KEY: "event-key",
    };
    expect(parseEnv({ NODE_ENV: "production", ...secrets }).DEV_MAILBOX).toBe(false);
    expect(() => parseEnv({ NODE_ENV: "production", ...secrets, DEV_MAILBOX: "1" })).toThrow(/DEV_MAILBOX/);
  });

  it("names bad values and missing Twilio settings", () => {
    expect(() => parseEnv({ DATABASE_URL: "not a url" })).toThrow(/DATABASE_URL/);
    expect(() => parseEnv({ OTP_LIMIT_PER_PHONE: "-1" })).toThrow(/OTP_LIMIT_PER_PHONE/);
    expect(() => parseEnv({ SMS_PROVIDER: "twilio" })).toThrow(/TWILIO_ACCOUNT_SID[\s\S]*TWILIO_AUTH_TOKEN[\s\S]*TWILIO_FROM/);
  });

  it("runs several server processes only on PostgreSQL", () => {
    expect(parseEnv({ NODE_ENV: "development" }).WEB_CONCURRENCY).toBe(1);
    expect(() => parseEnv({ WEB_CONCURRENCY: "2" })).toThrow(/DATABASE_URL is required when WEB_CONCURRENCY > 1/);
    expect(parseEnv({ WEB_CONCURRENCY: "2", DATABASE_URL: "postgres://localhost/civiclens" }).WEB_CONCURRENCY).toBe(2);
    expect(() => parseEnv({ WEB_CONCURRENCY: "0" })).toThrow(/WEB_CONCURRENCY/);
  });

  it("keeps idle database connections unless told to close them", () => {
    expect(parseEnv({ NODE_ENV: "development" }).DATABASE_POOL_IDLE_TIMEOUT_MS).toBe(0);
    expect(parseEnv({ DATABASE_POOL_IDLE_TIMEOUT_MS: "30000" }).DATABASE_POOL_IDLE_TIMEOUT_MS).toBe(30_000);
    expect(() => parseEnv({ DATABASE_POOL_IDLE_TIMEOUT_MS: "-1" })).toThrow(/DATABASE_POOL_IDLE_TIMEOUT_MS/);
    expect(parseEnv({ NODE_ENV: "development" }).DATABASE_PREPARED_STATEMENTS).toBe(true);
    expect(parseEnv({ DATABASE_PREPARED_STATEMENTS: "0" }).DATABASE_PREPARED_STATEMENTS).toBe(false);
  });

  it("reads where the production server listens and how much it logs", () => {
    expect(parseEnv({ NODE_ENV: "development" })).toMatchObject({ PORT: 3000, HOSTNAME: "0.0.0.0" });
    expect(parseEnv({ NODE_ENV: "development" }).LOG_LEVEL).toBeUndefined();
    expect(parseEnv({ PORT: "8080", HOSTNAME: "127.0.0.1", LOG_LEVEL: "debug" })).toMatchObject({ PORT: 8080, HOSTNAME: "127.0.0.1", LOG_LEVEL: "debug" });
    expect(() => parseEnv({ PORT: "eighty" })).toThrow(/PORT/);
    expect(() => parseEnv({ PORT: "70000" })).toThrow(/PORT/);
    expect(() => parseEnv({ LOG_LEVEL: "loud" })).toThrow(/LOG_LEVEL/);
  });

  it("names every bad variable in one error, with each on a line of its own", () => {
    const err = (() => {
      try {
        parseEnv({ DATABASE_URL: "not a url", OTP_LIMIT_PER_PHONE: "-1" });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(EnvError);
    expect((err as EnvError).issues.map((i) => i.variable)).toEqual(["DATABASE_URL", "OTP_LIMIT_PER_PHONE"]);
    expect((err as EnvError).message).toMatch(/^Invalid environment configuration:\n {2}- DATABASE_URL: .*\n {2}- OTP_LIMIT_PER_PHONE: .*\nSee \.env\.example/);
  });

  it("treats empty strings as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", NODE_ENV: "development" }).DATABASE_URL).toBeUndefined();
  });
});
