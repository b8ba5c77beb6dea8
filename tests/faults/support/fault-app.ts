/**
 * One fault file's app: the production build (`npm run build`) on a PostgreSQL database of its own,
 * Inngest replaced by the stand-in in signed cloud mode (e2e/support/app-server.ts), SMS by the
 * Twilio stand-in and, when asked, email by the Resend stand-in.
 *
 *   const app = await startFaultApp({ name: "inngest-outage" });
 *   const citizen = await app.account("citizen");      // a new user and a session cookie for it
 *   await app.client.mutation("reports.create", input, citizen.cookie);
 *   await app.stop();                                   // server, stand-ins, and the database dropped
 *
 * Accounts are written straight into the database and signed in with a session cookie minted with
 * the server's NEXTAUTH_SECRET (session-cookie.ts): the faults are about what happens after sign-in.
 */
import { startE2E, type E2E } from "@root/e2e/support/app-server";
import { randomIndianMobile } from "@root/e2e/support/http";
import { startTwilioStandin } from "@root/e2e/support/twilio-standin";
import { startResendStandin, type ResendStandin } from "@root/tests/support/resend-standin";
import type { StandinOptions } from "@root/tests/support/inngest-standin";
import type { DB } from "@/server/db/client";
import type { Role } from "@/server/db/schema";
import { env } from "@/server/config/env";
import { sessionCookie } from "../session-cookie";
import { FaultClient } from "./client";
import { startNginx, type Nginx } from "./nginx";
import { createFaultsDatabase, type FaultsDatabase } from "./postgres";

export interface Account {
  id: string;
  phone: string;
  role: Role;
  /** A Cookie header for a signed-in session of this account. */
  cookie: string;
}

export interface FaultApp {
  url: string;
  e2e: E2E;
  database: FaultsDatabase;
  /** The test's own handle on the app's database, for checks. */
  db: DB;
  client: FaultClient;
  twilio: Awaited<ReturnType<typeof startTwilioStandin>>;
  resend: ResendStandin | undefined;
  account(role: Role): Promise<Account>;
  stop(): Promise<void>;
}

export interface FaultAppOptions {
  name: string;
  /** Extra server environment (over the suite's defaults below). */
  env?: Record<string, string>;
  standin?: Pick<StandinOptions, "deliverTimes">;
  /** Email through a Resend stand-in (else no email provider is configured). */
  resend?: boolean;
  /** Reach the app through nginx with deploy/nginx.conf, as production does (support/nginx.ts). */
  proxy?: "nginx";
}

export async function startFaultApp(opts: FaultAppOptions): Promise<FaultApp> {
  const database = await createFaultsDatabase();
  const twilio = await startTwilioStandin();
  const resend = opts.resend ? await startResendStandin() : undefined;
  let e2e: E2E;
  try {
    e2e = await startE2E({
      name: `faults-${opts.name}`,
      server: "production",
      databaseUrl: database.url,
      standin: opts.standin,
      env: {
        // Session cookies are minted in this process (session-cookie.ts), so the server shares its secret.
        NEXTAUTH_SECRET: env().NEXTAUTH_SECRET,
        SMS_PROVIDER: "twilio",
        TWILIO_BASE_URL: twilio.url,
        TWILIO_ACCOUNT_SID: "ACfaults",
        TWILIO_AUTH_TOKEN: "faults-token",
        TWILIO_FROM: "+15005550006",
        // The faults send far more from one address and one citizen than a person would.
        REPORTS_LIMIT_PER_USER: "1000000",
        OTP_LIMIT_PER_IP: "1000000",
        SIGNIN_LIMIT_PER_IP: "1000000",
        // Behind nginx the client's address is the first forwarded hop.
        ...(opts.proxy ? { TRUST_PROXY: "true" } : {}),
        ...(resend ? { RESEND_API_KEY: "re_faults_key", RESEND_BASE_URL: resend.url, EMAIL_FROM: "CivicLens <no-reply@civiclens.example>" } : {}),
        ...opts.env,
      },
    });
  } catch (err) {
    await twilio.close();
    await resend?.close();
    await database.drop();
    throw err;
  }
  let nginx: Nginx | undefined;
  if (opts.proxy === "nginx") {
    try {
      nginx = await startNginx(`faults-${opts.name}`, e2e.url);
    } catch (err) {
      await e2e.stop();
      await twilio.close();
      await resend?.close();
      await database.drop();
      throw err;
    }
  }
  const url = nginx?.url ?? e2e.url;
  const client = new FaultClient(url);

  return {
    url,
    e2e,
    database,
    db: database.db,
    client,
    twilio,
    resend,
    async account(role) {
      const user = await database.db.insertInto("users").values({ phone: randomIndianMobile(), role }).returning(["id", "phone", "role", "session_epoch"]).executeTakeFirstOrThrow();
      return { id: user.id, phone: user.phone, role: user.role, cookie: await sessionCookie(user) };
    },
    async stop() {
      client.close();
      await nginx?.stop();
      await e2e.stop();
      await twilio.close();
      await resend?.close();
      await database.drop();
    },
  };
}

/** A report citizens could file; `n` makes each title distinct. */
export function reportInput(n: number, over: Record<string, unknown> = {}) {
  return {
    title: `Streetlight out on cross road ${n}`,
    description: "The streetlight by the park gate has been dark for a week; the lane is pitch black at night.",
    severity: "medium",
    latitude: 12.9716,
    longitude: 77.5946,
    ...over,
  };
}
