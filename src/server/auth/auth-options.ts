import "server-only";
import { randomUUID } from "node:crypto";
import type { DefaultSession, NextAuthOptions, Session } from "next-auth";
import { getToken } from "next-auth/jwt";
import CredentialsModule from "next-auth/providers/credentials";
import { db } from "../db/client";
import type { Role } from "../db/schema";
import { DEFAULT_LOCALE } from "@/shared/locales";
import { AppError } from "../domain/errors";
import { verifyOtp, type VerifyResult } from "../domain/otp";
import { said, sayIn, type ServerMessage } from "../domain/server-messages";
import { revokeSession } from "../domain/sessions";
import { env, fillLibraryEnv } from "../config/env";
import { otpConfig } from "../config/otp-config";
import { clientInfo } from "../http/request-context";

// next-auth ships CommonJS with `exports.default`. Next and vitest hand that default over; Node's own
// interop (the bundled production server) hands over the module object, whose `.default` it is.
const CredentialsProvider =
  (CredentialsModule as unknown as { default?: typeof CredentialsModule }).default ?? CredentialsModule;

declare module "next-auth" {
  interface Session {
    user: { id: string; role: Role; phone: string } & DefaultSession["user"];
    /** This session's own id and the account's session epoch it was issued under (server side only). */
    sid?: string;
    epoch?: number;
  }
  interface User {
    role: Role;
    phone: string;
    sessionEpoch: number;
  }
}
declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    role?: Role;
    phone?: string;
    sid?: string;
    epoch?: number;
  }
}

/** What the sign-in page shows. Unknown and expired codes get one message, so neither is revealed. */
export const SIGN_IN_MESSAGES: Record<Exclude<VerifyResult, { ok: true }>["reason"], ServerMessage> = {
  invalid_input: said("codeRejected"),
  no_active_code: said("codeRejected"),
  wrong_code: said("codeRejected"),
  code_locked: said("codeLocked"),
  suspended: said("accountSuspended"),
};

const SESSION_MAX_AGE_SECONDS = 30 * 24 * 3600;

// next-auth reads its canonical URL from the environment itself; give it ours when unset.
fillLibraryEnv({ NEXTAUTH_URL: env().APP_URL });

/**
 * Cookies are Secure and `__Secure-`/`__Host-` prefixed when the app is served over https. next-auth
 * would decide by NEXTAUTH_URL, which may be set apart from APP_URL; APP_URL is the app's public
 * address, so it decides, for next-auth's cookies and for the name sessionFromHeaders reads alike.
 */
const secureCookies = new URL(env().APP_URL).protocol === "https:";

export const authOptions: NextAuthOptions = {
  secret: env().NEXTAUTH_SECRET,
  useSecureCookies: secureCookies,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/signin", error: "/signin" },
  providers: [
    CredentialsProvider({
      id: "phone-otp",
      name: "Phone",
      credentials: { phone: { label: "Phone", type: "tel" }, code: { label: "Code", type: "text" } },
      async authorize(credentials, req) {
        const phone = String(credentials?.phone ?? "").slice(0, 32);
        const code = String(credentials?.code ?? "").trim().slice(0, 12);
        // A refusal (an AppError: a bad number, too many attempts) reaches the sign-in page as its
        // message: next-auth answers any error authorize throws with `?error=<its message>`.
        // Said in the sign-in page's language: no account is known yet, so the cookie, else the browser's.
        const client = clientInfo(req?.headers ?? {});
        const locale = client.locale ?? DEFAULT_LOCALE;
        const result = await verifyOtp(db(), { phone, code }, client, otpConfig()).catch((err: unknown) => {
          throw err instanceof AppError ? err.inLocale(locale) : err;
        });
        if (!result.ok) throw new Error(sayIn(locale, SIGN_IN_MESSAGES[result.reason]));
        // The sign-in's event leaves after this response: outside tRPC, the outbox write asks for the relay itself (outbox/writes.ts).
        return { id: result.user.id, role: result.user.role, phone: result.user.phone, name: result.user.name, sessionEpoch: result.user.session_epoch };
      },
    }),
  ],
  events: {
    // The cookie is cleared by next-auth; recording the session's id makes a copy of it useless too.
    async signOut({ token }) {
      if (token?.sid && token.uid) {
        const expiresAt = typeof token.exp === "number" ? new Date(token.exp * 1000) : new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000);
        await revokeSession(db(), { sid: token.sid, userId: token.uid, expiresAt });
      }
    },
  },
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.role = user.role;
        token.phone = user.phone;
        // Each sign-in is a session of its own, revocable by this id (sign-out) or by its epoch.
        token.sid = randomUUID();
        token.epoch = user.sessionEpoch;
      }
      return token;
    },
    session({ session, token }) {
      session.user = { ...session.user, id: token.uid!, role: token.role!, phone: token.phone! };
      return session;
    },
  },
};

const SESSION_COOKIE = /^(__Secure-)?next-auth\.session-token(\.\d+)?$/;

// Decoded session cookies, by cookie value. Opening a cookie (an HKDF key derivation and an AES-GCM
// decryption) was a real share of a tRPC call's CPU when the bench was profiled; a cookie always
// opens to the same session, so each is opened once and kept until it expires.
const opened = new Map<string, { session: Session; expiresAt: number }>();
const OPENED_MAX = 10_000;

/**
 * The session of an API request, read straight from its JWT cookie: what getServerSession returns,
 * without running next-auth's whole request handler on every tRPC call (a measurable share of a
 * fast procedure's time). Expired or tampered tokens give null.
 */
export async function sessionFromHeaders(headers: Headers, now = Date.now()): Promise<Session | null> {
  // getToken reads cookies from a map, not from the raw header (chunked cookies: name.0, name.1…).
  const cookies = new Map<string, string>();
  let key = "";
  for (const part of (headers.get("cookie") ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    cookies.set(name, value);
    if (SESSION_COOKIE.test(name)) key += `${name}=${value};`;
  }
  if (!key) return null;
  const secret = env().NEXTAUTH_SECRET;
  key = `${secret}\0${key}`;
  const hit = opened.get(key);
  if (hit && hit.expiresAt > now) return hit.session;
  if (hit) opened.delete(key);

  const token = await getToken({ req: { headers, cookies } as never, secret, secureCookie: secureCookies });
  // A cookie without a session id or epoch predates revocable sessions: it cannot be revoked, so it is not honoured.
  if (!token?.uid || !token.role || !token.phone || !token.sid || typeof token.epoch !== "number") return null;
  const expiresAt = typeof token.exp === "number" ? token.exp * 1000 : now;
  const session: Session = {
    user: { id: token.uid, role: token.role, phone: token.phone, name: token.name ?? null, email: token.email ?? null },
    expires: new Date(expiresAt).toISOString(),
    sid: token.sid,
    epoch: token.epoch,
  };
  if (opened.size >= OPENED_MAX) opened.delete(opened.keys().next().value!);
  opened.set(key, { session, expiresAt });
  return session;
}
