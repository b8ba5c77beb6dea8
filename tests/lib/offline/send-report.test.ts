import { TRPCClientError } from "@trpc/client";
import superjson from "superjson";
import { describe, expect, it, vi } from "vitest";
import { isNetworkFailure } from "@/lib/offline/keep-for-later";
import { sendReport } from "@/lib/offline/send-report";

const INPUT = {
  title: "Streetlight out on 80 Feet Road",
  description: "Dark for a week opposite the petrol pump.",
  severity: "medium" as const,
  latitude: 12.93,
  longitude: 77.62,
  submissionKey: "11111111-1111-4111-8111-111111111111",
};

const answer = (status: number, body: unknown) => vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } }));
const refusal = (status: number, message: string) => answer(status, { error: { json: { message, code: -32600, data: { httpStatus: status } } } });

describe("sendReport", () => {
  it("posts the report with its submission key as the form's reports.create call, and reads the reference", async () => {
    const fetch = answer(200, { result: { data: { json: { id: "r1", ref: "CL-2026-000042", status: "submitted" } } } });
    expect(await sendReport(INPUT, fetch)).toEqual({ kind: "filed", ref: "CL-2026-000042" });
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe("/api/trpc/reports.create");
    expect(init.method).toBe("POST");
    expect(init.credentials).toBe("same-origin");
    // What the server's superjson transformer reads back.
    expect(superjson.deserialize(JSON.parse(init.body as string))).toEqual(INPUT);
  });

  it("keeps the report for later when there is no answer or the server asks to come back", async () => {
    const offline = vi.fn(async () => {
      throw new TypeError("Failed to fetch");
    });
    expect(await sendReport(INPUT, offline)).toEqual({ kind: "unreachable" });
    for (const status of [503, 500, 429, 408]) expect(await sendReport(INPUT, refusal(status, "later"))).toEqual({ kind: "unreachable" });
  });

  it("asks for a sign-in on 401 and for an edit on any other refusal, in the server's words", async () => {
    expect(await sendReport(INPUT, refusal(401, "Sign in to continue"))).toEqual({ kind: "sign-in", message: "Sign in to continue" });
    expect(await sendReport(INPUT, refusal(400, "Title must be at least 5 characters"))).toEqual({ kind: "refused", message: "Title must be at least 5 characters" });
    expect(await sendReport(INPUT, refusal(409, "This form already filed report CL-2026-000001"))).toMatchObject({ kind: "refused" });
  });
});

describe("isNetworkFailure", () => {
  it("is true only for a call that got no answer at all", () => {
    expect(isNetworkFailure(TRPCClientError.from(new TypeError("Failed to fetch")))).toBe(true);
    const answered = TRPCClientError.from({ error: { message: "Title must be at least 5 characters", code: -32600, data: { httpStatus: 400, code: "BAD_REQUEST" } } });
    expect(isNetworkFailure(answered)).toBe(false);
    expect(isNetworkFailure(new Error("boom"))).toBe(false);
  });
});
