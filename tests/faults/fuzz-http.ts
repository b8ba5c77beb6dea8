/**
 * The fault suite's fuzz of every tRPC procedure over HTTP, against a running production build
 * (`npm run build && npm start`): at least 10,000 requests across anonymous, citizen and admin
 * callers, and not one may be answered with a 5xx or left unanswered. What it sends, and how the
 * procedure list follows the router, is described in tests/faults/fuzz.ts.
 *
 * Use, from a test in the fault suite (its vitest config needs the `@/` and `@root/` aliases of
 * vitest.config.ts):
 *
 *   import { runHttpFuzz } from "./fuzz-http";
 *   const report = await runHttpFuzz({
 *     baseUrl: "http://127.0.0.1:3100",
 *     cookies: { citizen, admin },   // Cookie headers of signed-in sessions
 *     runs: 10_000,
 *   });
 *
 * The cookies can come from a real sign-in (the OTP flow, as e2e/support/http.ts does), or be minted
 * with sessionCookie() (tests/faults/session-cookie.ts) for users the suite created, when the test
 * process has the server's NEXTAUTH_SECRET. The citizen and the admin should be accounts of their
 * own: the fuzz files reports, edits the profile and moderates as them. It throws on the first 5xx
 * or timeout, with the request (shrunk by fast-check to a small one) and the seed to replay it
 * (pass `seed`); otherwise it resolves to how many answers had each status.
 */
import { discoverKnown, fuzzHttp, type HttpReport } from "./fuzz";

export interface HttpFuzzRun {
  /** Origin of the running app, without a trailing slash. */
  baseUrl: string;
  /** Cookie headers of a signed-in citizen and admin (and, if wanted, something for anonymous). */
  cookies: { citizen: string; admin: string; anonymous?: string };
  /** Requests to send; the fault suite's floor is 10,000. */
  runs?: number;
  /** fast-check's seed, to replay a failing run. */
  seed?: number;
  /** A request answered later than this is a failure. */
  timeoutMs?: number;
}

export async function runHttpFuzz(run: HttpFuzzRun): Promise<HttpReport> {
  const known = await discoverKnown({ baseUrl: run.baseUrl, cookies: run.cookies });
  return fuzzHttp({ baseUrl: run.baseUrl, cookies: run.cookies, runs: run.runs ?? 10_000, seed: run.seed, timeoutMs: run.timeoutMs, known });
}
