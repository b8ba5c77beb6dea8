import { encode, getToken } from "next-auth/jwt";
import { describe, expect, it, vi } from "vitest";
import { sessionFromHeaders } from "@/server/auth/auth-options";
import { env } from "@/server/config/env";

vi.mock("next-auth/jwt", async (importOriginal) => {
  const real = await importOriginal<typeof import("next-auth/jwt")>();
  return { ...real, getToken: vi.fn(real.getToken) };
});

const cookie = (jwt: string) => new Headers({ cookie: `other=1; next-auth.session-token=${jwt}` });

describe("sessionFromHeaders", () => {
  it("reads the user, role and phone from a valid session cookie", async () => {
    const jwt = await encode({ token: { uid: "u-1", role: "moderator", phone: "+919876543210", name: "Asha", sid: "s-1", epoch: 0 }, secret: env().NEXTAUTH_SECRET });
    const session = await sessionFromHeaders(cookie(jwt));
    expect(session?.user).toMatchObject({ id: "u-1", role: "moderator", phone: "+919876543210", name: "Asha" });
    expect(session).toMatchObject({ sid: "s-1", epoch: 0 });
    expect(new Date(session!.expires).getTime()).toBeGreaterThan(Date.now());
  });

  it("gives null for no cookie, a tampered token, another secret, or an expired token", async () => {
    expect(await sessionFromHeaders(new Headers())).toBeNull();
    const jwt = await encode({ token: { uid: "u-1", role: "citizen", phone: "+919876543210", sid: "s-1", epoch: 0 }, secret: env().NEXTAUTH_SECRET });
    expect(await sessionFromHeaders(cookie(`${jwt.slice(0, -4)}AAAA`))).toBeNull();
    const foreign = await encode({ token: { uid: "u-1", role: "admin", phone: "+919876543210", sid: "s-1", epoch: 0 }, secret: "another-secret-another-secret-0123456789" });
    expect(await sessionFromHeaders(cookie(foreign))).toBeNull();
    const expired = await encode({ token: { uid: "u-1", role: "citizen", phone: "+919876543210", sid: "s-1", epoch: 0 }, secret: env().NEXTAUTH_SECRET, maxAge: -60 }); // beyond the 15 s clock tolerance
    expect(await sessionFromHeaders(cookie(expired))).toBeNull();
  });

  it("does not honour a cookie without a session id and epoch: it could not be revoked", async () => {
    const legacy = await encode({ token: { uid: "u-1", role: "citizen", phone: "+919876543210" }, secret: env().NEXTAUTH_SECRET });
    expect(await sessionFromHeaders(cookie(legacy))).toBeNull();
  });

  it("opens each cookie once, and opens it again once the session it holds has expired", async () => {
    const jwt = await encode({ token: { uid: "u-cache", role: "citizen", phone: "+919876543210", sid: "s-c", epoch: 0 }, secret: env().NEXTAUTH_SECRET, maxAge: 600 });
    const opens = vi.mocked(getToken);
    opens.mockClear();
    const first = await sessionFromHeaders(cookie(jwt));
    const again = await sessionFromHeaders(new Headers({ cookie: `next-auth.session-token=${jwt}; theme=dark` }));
    expect(again).toEqual(first);
    expect(opens).toHaveBeenCalledTimes(1);
    // Past the session's expiry the cached copy is not used: the cookie is opened (and judged) again.
    await sessionFromHeaders(cookie(jwt), Date.now() + 601_000);
    expect(opens).toHaveBeenCalledTimes(2);
    // A request without a session cookie costs nothing.
    expect(await sessionFromHeaders(new Headers({ cookie: "theme=dark" }))).toBeNull();
    expect(opens).toHaveBeenCalledTimes(2);
  });
});
