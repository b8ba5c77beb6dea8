import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { sessionFromHeaders } from "@/server/auth";
import { env } from "@/server/env";

const cookie = (jwt: string) => new Headers({ cookie: `other=1; next-auth.session-token=${jwt}` });

describe("sessionFromHeaders", () => {
  it("reads the user, role and phone from a valid session cookie", async () => {
    const jwt = await encode({ token: { uid: "u-1", role: "moderator", phone: "+919876543210", name: "Asha" }, secret: env().NEXTAUTH_SECRET });
    const session = await sessionFromHeaders(cookie(jwt));
    expect(session?.user).toMatchObject({ id: "u-1", role: "moderator", phone: "+919876543210", name: "Asha" });
    expect(new Date(session!.expires).getTime()).toBeGreaterThan(Date.now());
  });

  it("gives null for no cookie, a tampered token, another secret, or an expired token", async () => {
    expect(await sessionFromHeaders(new Headers())).toBeNull();
    const jwt = await encode({ token: { uid: "u-1", role: "citizen", phone: "+919876543210" }, secret: env().NEXTAUTH_SECRET });
    expect(await sessionFromHeaders(cookie(`${jwt.slice(0, -4)}AAAA`))).toBeNull();
    const foreign = await encode({ token: { uid: "u-1", role: "admin", phone: "+919876543210" }, secret: "another-secret-another-secret-0123456789" });
    expect(await sessionFromHeaders(cookie(foreign))).toBeNull();
    const expired = await encode({ token: { uid: "u-1", role: "citizen", phone: "+919876543210" }, secret: env().NEXTAUTH_SECRET, maxAge: -60 }); // beyond the 15 s clock tolerance
    expect(await sessionFromHeaders(cookie(expired))).toBeNull();
  });
});
