import { encode } from "next-auth/jwt";
import { afterEach, describe, expect, it, vi } from "vitest";
import { env, resetEnvForTests } from "@/server/config/env";

/**
 * Whether session cookies are Secure follows APP_URL, the app's public address. NEXTAUTH_URL may say
 * otherwise (the e2e harness points it at the plain-http port the server listens on); next-auth on its
 * own would follow NEXTAUTH_URL, and the session would then be written under one name and read under another.
 */
async function authModuleWith(appUrl: string) {
  vi.resetModules();
  vi.stubEnv("APP_URL", appUrl);
  vi.stubEnv("NEXTAUTH_URL", "http://127.0.0.1:3000");
  resetEnvForTests();
  return import("@/server/auth/auth-options");
}

afterEach(() => {
  vi.unstubAllEnvs();
  resetEnvForTests();
});

const token = { uid: "u-secure", role: "citizen" as const, phone: "+919876543210", sid: "s-secure", epoch: 0 };

describe("secure cookies", () => {
  it("are on, with __Secure- names, when APP_URL is https", async () => {
    const { authOptions, sessionFromHeaders } = await authModuleWith("https://civiclens.example.org");
    expect(authOptions.useSecureCookies).toBe(true);
    const jwt = await encode({ token, secret: env().NEXTAUTH_SECRET });
    expect((await sessionFromHeaders(new Headers({ cookie: `__Secure-next-auth.session-token=${jwt}` })))?.user.id).toBe("u-secure");
    // A cookie without the prefix could have been set over plain http: it does not count.
    expect(await sessionFromHeaders(new Headers({ cookie: `next-auth.session-token=${jwt}` }))).toBeNull();
  });

  it("are off when APP_URL is http", async () => {
    const { authOptions, sessionFromHeaders } = await authModuleWith("http://localhost:3000");
    expect(authOptions.useSecureCookies).toBe(false);
    const jwt = await encode({ token, secret: env().NEXTAUTH_SECRET });
    expect((await sessionFromHeaders(new Headers({ cookie: `next-auth.session-token=${jwt}` })))?.user.id).toBe("u-secure");
  });
});
