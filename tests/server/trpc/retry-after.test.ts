import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { AppError } from "@/server/domain/errors";
import { toTRPCError } from "@/server/trpc/errors";
import { retryAfterHeaders } from "@/server/trpc/http";

const refusedConnection = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });

describe("Retry-After on refusals that pass", () => {
  it("gives a rate limit's own wait", () => {
    const limited = new TRPCError({ code: "TOO_MANY_REQUESTS", cause: new AppError("RATE_LIMITED", "slow down", { retryAfterSeconds: 42 }) });
    expect(retryAfterHeaders([limited])?.get("retry-after")).toBe("42");
  });

  it("tells a client whose call met the database down (a restart) to come back in a second", () => {
    const unavailable = toTRPCError(new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: refusedConnection }));
    expect(unavailable.code).toBe("SERVICE_UNAVAILABLE");
    expect(retryAfterHeaders([unavailable])?.get("retry-after")).toBe("1");
  });

  it("says nothing for a refusal that would not pass by waiting", () => {
    expect(retryAfterHeaders([new TRPCError({ code: "BAD_REQUEST" }), new TRPCError({ code: "FORBIDDEN" })])).toBeUndefined();
  });
});
