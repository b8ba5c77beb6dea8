import { randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { POST } from "@/app/api/locale/route";
import { env } from "@/server/config/env";
import { createUser } from "../../support/factories";
import { truncateAll, useTestDb } from "../../support/test-db";

// The session is read from the request's cookie through next/headers, as in a real request.
const request = vi.hoisted(() => ({ cookie: "" }));
vi.mock("next/headers", () => ({ headers: async () => new Headers(request.cookie ? { cookie: request.cookie } : {}) }));

const db = useTestDb();
beforeEach(async () => {
  request.cookie = "";
  await truncateAll(db());
});

const origin = () => new URL(env().APP_URL).origin;

function post(fields: Record<string, string>, headers: Record<string, string> = {}) {
  return POST(new Request(`${origin()}/api/locale`, { method: "POST", body: new URLSearchParams(fields), headers: { origin: origin(), ...headers } }));
}

describe("POST /api/locale (the header's language switch, without JavaScript)", () => {
  it("sets the NEXT_LOCALE cookie for a year and sends the browser back to the page it came from", async () => {
    const res = await post({ locale: "hi", returnTo: "/reports?status=resolved" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/reports?status=resolved");
    expect(res.headers.get("set-cookie")).toMatch(/^NEXT_LOCALE=hi; Path=\/; Max-Age=31536000; SameSite=Lax/);
  });

  it("saves the choice on the signed-in account", async () => {
    const user = await createUser(db());
    const jwt = await encode({ token: { uid: user.id, role: "citizen", phone: user.phone, sid: randomUUID(), epoch: 0 }, secret: env().NEXTAUTH_SECRET });
    request.cookie = `next-auth.session-token=${jwt}`;
    expect((await post({ locale: "hi", returnTo: "/profile" })).status).toBe(303);
    expect((await db().selectFrom("users").select("locale").where("id", "=", user.id).executeTakeFirstOrThrow()).locale).toBe("hi");
  });

  it("goes back only to a path on this site", async () => {
    for (const returnTo of ["https://evil.example/", "//evil.example", "/\\evil.example", "javascript:alert(1)", ""]) {
      expect((await post({ locale: "en", returnTo })).headers.get("location")).toBe("/");
    }
    expect((await post({ locale: "en" })).headers.get("location")).toBe("/");
  });

  it("refuses a language it does not speak, another site's form, and a body too big to be a switch", async () => {
    for (const locale of ["fr", "HI", "hi\u0000", ""]) {
      const res = await post({ locale, returnTo: "/" });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { field: string; message: string } }).error).toEqual({ code: "BAD_INPUT", field: "locale", message: "Choose English (en) or Hindi (hi)." });
    }
    const forged = await post({ locale: "hi" }, { origin: "https://evil.example" });
    expect(forged.status).toBe(403);
    expect(((await forged.json()) as { error: { field: string } }).error.field).toBe("origin");
    expect((await post({ locale: "hi" }, { "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await post({ locale: "hi", returnTo: "/".repeat(10_000) })).status).toBe(413);
  });
});
