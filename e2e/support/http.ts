/** HTTP-level helpers for the e2e tests: a cookie jar, tRPC-over-HTTP (superjson), next-auth sign-in, decryption. */
import { LibSodiumEncryptionService } from "@inngest/middleware-encryption/strategies/libSodium";
import { parsePhoneNumberWithError } from "libphonenumber-js";
import superjson from "superjson";
import { E2E_ENCRYPTION_KEY } from "./app-server";

/** A random, valid Indian mobile number in E.164, so reruns against a kept database never collide. */
export function randomIndianMobile(): string {
  for (;;) {
    const digits = `9${Math.floor(Math.random() * 1e9).toString().padStart(9, "0")}`;
    const e164 = `+91${digits}`;
    try {
      if (parsePhoneNumberWithError(e164).isValid()) return e164;
    } catch {
      /* try another */
    }
  }
}

/** Minimal cookie jar: name=value, per server (all tests talk to one origin). */
export class CookieJar {
  private cookies = new Map<string, string>();
  store(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=thu, 01 jan 1970/i.test(a));
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  get(name: string) {
    return this.cookies.get(name);
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

export interface TrpcResult<T> {
  status: number;
  /** The answer's headers (Retry-After and the like). */
  headers: Headers;
  ms: number;
  data?: T;
  error?: { message: string; code: number; data: { code: string; httpStatus: number; field?: string | null; fieldErrors?: Record<string, string[]> | null } & Record<string, unknown> };
  raw: unknown;
}

async function parseTrpc<T>(res: Response, started: number): Promise<TrpcResult<T>> {
  const ms = performance.now() - started;
  const text = await res.text();
  let raw: any;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error(`tRPC answered ${res.status} with non-JSON: ${text.slice(0, 300)}`);
  }
  const answer = { status: res.status, headers: res.headers, ms, raw };
  if (raw?.result?.data) return { ...answer, data: superjson.deserialize(raw.result.data) as T };
  if (raw?.error?.json) return { ...answer, error: superjson.deserialize(raw.error) as TrpcResult<T>["error"] };
  return answer;
}

export async function trpcMutation<T = unknown>(base: string, path: string, input: unknown, jar?: CookieJar): Promise<TrpcResult<T>> {
  const started = performance.now();
  const res = await fetch(`${base}/api/trpc/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(jar ? { cookie: jar.header() } : {}) },
    body: JSON.stringify(superjson.serialize(input)),
  });
  jar?.store(res);
  return parseTrpc<T>(res, started);
}

export async function trpcQuery<T = unknown>(base: string, path: string, input?: unknown, jar?: CookieJar): Promise<TrpcResult<T>> {
  const started = performance.now();
  const qs = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`;
  const res = await fetch(`${base}/api/trpc/${path}${qs}`, { headers: jar ? { cookie: jar.header() } : {} });
  jar?.store(res);
  return parseTrpc<T>(res, started);
}

/** The sign-in code a message carries: an SMS the Twilio stand-in kept. */
export function codeOf(message: { body: string }): string {
  const m = /\b(\d{6})\b/.exec(message.body);
  if (!m) throw new Error(`no 6-digit code in message body: ${message.body}`);
  return m[1]!;
}

const sodium = new LibSodiumEncryptionService(E2E_ENCRYPTION_KEY);

/** Opens an envelope written by @inngest/middleware-encryption (or the app's sealSecret) with the e2e key. */
export async function openEnvelope(value: unknown): Promise<unknown> {
  const v = value as { __ENCRYPTED__?: boolean; __STRATEGY__?: string; data?: unknown };
  if (!v || v.__ENCRYPTED__ !== true || typeof v.data !== "string") throw new Error(`not an encrypted envelope: ${JSON.stringify(value)}`);
  return sodium.decrypt(v.data);
}

export interface SignInResult {
  status: number;
  url: string | undefined;
  /** The `error` query parameter of the URL next-auth answered with, if any. */
  error: string | null;
  sessionCookie: string | undefined;
}

/** next-auth credentials sign-in over HTTP, as signIn("phone-otp", { redirect: false }) does it. */
export async function signInWithCode(base: string, jar: CookieJar, phone: string, code: string): Promise<SignInResult> {
  const csrfRes = await fetch(`${base}/api/auth/csrf`, { headers: { cookie: jar.header() } });
  jar.store(csrfRes);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/phone-otp`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header() },
    body: new URLSearchParams({ csrfToken, phone, code, json: "true", callbackUrl: `${base}/` }),
  });
  jar.store(res);
  const body = (await res.json().catch(() => ({}))) as { url?: string };
  return {
    status: res.status,
    url: body.url,
    error: body.url ? new URL(body.url, base).searchParams.get("error") : null,
    sessionCookie: jar.get("next-auth.session-token"),
  };
}

/** Signs the jar's session out as the browser's "Sign out" does (next-auth's signout endpoint); the jar loses the cookie. */
export async function signOutWith(base: string, jar: CookieJar): Promise<number> {
  const csrfRes = await fetch(`${base}/api/auth/csrf`, { headers: { cookie: jar.header() } });
  jar.store(csrfRes);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/signout`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header() },
    body: new URLSearchParams({ csrfToken, json: "true", callbackUrl: `${base}/` }),
  });
  jar.store(res);
  return res.status;
}

export async function getSession(base: string, jar: CookieJar): Promise<{ user?: { id: string; phone: string; role: string } } | null> {
  const res = await fetch(`${base}/api/auth/session`, { headers: { cookie: jar.header() } });
  jar.store(res);
  return (await res.json()) as { user?: { id: string; phone: string; role: string } } | null;
}

export interface Health {
  status: string;
  outbox: { pending: number; oldestPendingAgeSeconds: number | null; lastError: string | null };
  inngest: { reachable: boolean; mode: string; reason: string | null };
}
/** /api/health as staff see it: the public gets only {status}, so `staff` is a signed-in moderator's or admin's jar. */
export async function health(base: string, staff: CookieJar): Promise<Health> {
  const res = await fetch(`${base}/api/health`, { headers: { cookie: staff.header() } });
  if (res.status !== 200) throw new Error(`/api/health answered ${res.status}`);
  return (await res.json()) as Health;
}

export async function until<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 15_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ""}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export interface SignedInCitizen {
  jar: CookieJar;
  phone: string;
  userId: string;
}
