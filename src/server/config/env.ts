import "server-only";
import { z } from "zod";

/**
 * Every environment variable CivicLens reads, validated once, at start-up (src/server/start-up.ts:
 * Next's register() in src/instrumentation.ts, the production server as it loads, each script's
 * entry). Nothing else reads or writes process.env (the NEXT_RUNTIME in src/instrumentation.ts is a
 * constant Next compiles in): Next.js, next-auth and the Inngest SDK read their own few, which are
 * listed here too so they are validated, and what they need set is set here (fillLibraryEnv).
 * Development and test get safe defaults for secrets so `npm run dev` works on a fresh clone;
 * production refuses to start without real ones.
 */
const bool = z
  .enum(["1", "0", "true", "false", "on", "off", ""])
  .transform((v) => v === "1" || v === "true" || v === "on");
const positiveInt = z.coerce.number().int().positive();
const DEV_SECRET = "civiclens-development-secret-not-for-production";

const nodeEnv = z.enum(["development", "test", "production"]).default("development");
/** pino's levels; unset: info (development and production), error (tests: see logging/logger.ts). */
export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
const logLevel = z.enum(LOG_LEVELS).optional();

const schema = z
  .object({
    NODE_ENV: nodeEnv,
    NEXT_PHASE: z.string().optional(),
    LOG_LEVEL: logLevel,
    APP_URL: z.url().default("http://localhost:3000"),
    // Where the production server (`npm start`) listens.
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOSTNAME: z.string().min(1).default("0.0.0.0"),
    DATABASE_URL: z.string().url().optional(),
    DATABASE_POOL_MAX: positiveInt.default(10),
    // Inngest functions and the outbox relay get a pool of their own (ADR 0012); default: a third of
    // DATABASE_POOL_MAX, at least 2.
    DATABASE_BACKGROUND_POOL_MAX: positiveInt.optional(),
    // 0 keeps idle connections open (see createDb); a positive value closes one idle that long.
    DATABASE_POOL_IDLE_TIMEOUT_MS: z.coerce.number().int().min(0).default(0),
    // Off behind a pooler in transaction mode that does not track prepared statements (PgBouncer < 1.21).
    DATABASE_PREPARED_STATEMENTS: bool.default(true),
    WEB_CONCURRENCY: positiveInt.max(64).default(1),
    // Where the live updates' LISTEN connects, when DATABASE_URL goes through a pooler in
    // transaction mode (PgBouncer), which cannot keep a LISTEN: a direct or session-mode URL.
    DATABASE_LISTEN_URL: z.string().url().optional(),
    // Live-update streams (server-sent events) one server process holds open at once; past it a new
    // one is refused with 503 and the page polls instead (ADR 0016).
    LIVE_STREAMS_MAX: positiveInt.max(100_000).default(1000),
    // Of those, what one account (or, for visitors, one address) may hold: one caller cannot take them all.
    LIVE_STREAMS_PER_CLIENT: positiveInt.max(100_000).default(20),
    PGLITE_DIR: z.string().min(1).default(".data/pglite"),

    NEXTAUTH_SECRET: z.string().min(32).optional(),
    OTP_SECRET: z.string().min(32).optional(),
    PHONE_DEFAULT_COUNTRY: z.string().length(2).toUpperCase().default("IN"),

    OTP_LIMIT_PER_PHONE: positiveInt.default(3),
    OTP_LIMIT_PER_PHONE_WINDOW_SECONDS: positiveInt.default(600),
    OTP_LIMIT_PER_IP: positiveInt.default(20),
    OTP_LIMIT_PER_IP_WINDOW_SECONDS: positiveInt.default(3600),
    SIGNIN_LIMIT_PER_IP: positiveInt.default(30),
    SIGNIN_LIMIT_PER_IP_WINDOW_SECONDS: positiveInt.default(600),
    TRUST_PROXY: bool.default(false),

    REPORTS_LIMIT_PER_USER: positiveInt.default(10),
    REPORTS_LIMIT_WINDOW_SECONDS: positiveInt.default(3600),
    SUPPORTS_LIMIT_PER_USER: positiveInt.default(60),
    SUPPORTS_LIMIT_WINDOW_SECONDS: positiveInt.default(600),
    // How far reports.similar and a moderator's possible duplicates look, in metres (at most
    // SIMILAR_RADIUS_MAX_METERS, report.schemas.ts: the farthest a caller may ask for).
    SIMILAR_RADIUS_METERS: positiveInt.max(1000, "SIMILAR_RADIUS_METERS must be at most 1000").default(200),
    MAP_TILE_URL: z.string().min(1).default("https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
    MAP_ATTRIBUTION: z.string().min(1).default('&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'),
    MAP_DEFAULT_CENTER: z
      .string()
      .regex(/^-?\d+(\.\d+)?,-?\d+(\.\d+)?,\d{1,2}$/, "MAP_DEFAULT_CENTER must be lat,lng,zoom e.g. 12.9716,77.5946,12")
      .default("12.9716,77.5946,12"),

    INNGEST_DEV: z.string().optional(),
    INNGEST_BASE_URL: z.url().optional(),
    INNGEST_EVENT_KEY: z.string().min(1).optional(),
    // Inngest's format: "signkey-<env>-" and a hex key (the SDK hashes the hex bytes for its API calls).
    INNGEST_SIGNING_KEY: z
      .string()
      .regex(/^(signkey-\w+-)?([0-9a-f]{2})+$/i, "INNGEST_SIGNING_KEY must be Inngest's signkey-<env>-<hex> key")
      .optional(),
    INNGEST_ENCRYPTION_KEY: z.string().min(32).optional(),
    INNGEST_UI_URL: z.url().optional(),

    SMS_PROVIDER: z.enum(["dev-mailbox", "twilio"]).default("dev-mailbox"),
    TWILIO_ACCOUNT_SID: z.string().min(1).optional(),
    TWILIO_AUTH_TOKEN: z.string().min(1).optional(),
    TWILIO_FROM: z.string().min(1).optional(),
    TWILIO_BASE_URL: z.url().default("https://api.twilio.com"),

    DEV_MAILBOX: bool.optional(),

    RESEND_API_KEY: z.string().min(1).optional(),
    RESEND_BASE_URL: z.url().optional(),
    RESEND_WEBHOOK_SECRET: z.string().min(1).optional(),
    EMAIL_FROM: z.string().min(3).default("CivicLens <no-reply@civiclens.local>"),
    EMAIL_VERIFICATION_LIMIT_PER_USER: positiveInt.default(5),
    EMAIL_VERIFICATION_LIMIT_WINDOW_SECONDS: positiveInt.default(3600),

    // Photos on reports: where they are stored (a local directory, or an S3-compatible bucket).
    STORAGE: z.enum(["local", "s3"], { error: "STORAGE must be local or s3" }).default("local"),
    UPLOADS_DIR: z.string().min(1).default(".data/uploads"),
    S3_BUCKET: z.string().min(3).max(63).optional(),
    // "auto" for Cloudflare R2; MinIO accepts any.
    S3_REGION: z.string().min(1).default("us-east-1"),
    // An S3-compatible store's API address (R2, MinIO); unset for AWS.
    S3_ENDPOINT: z.url().optional(),
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    S3_FORCE_PATH_STYLE: bool.default(false),
    PHOTOS_LIMIT_PER_USER: positiveInt.default(20),
    PHOTOS_LIMIT_WINDOW_SECONDS: positiveInt.default(3600),
  })
  .superRefine((e, ctx) => {
    const need = (key: keyof typeof e, why: string) => {
      if (!e[key]) ctx.addIssue({ code: "custom", path: [key], message: `${key} is required ${why}` });
    };
    if (e.WEB_CONCURRENCY > 1) need("DATABASE_URL", "when WEB_CONCURRENCY > 1 (a PGlite directory belongs to one process)");
    // `next build` loads modules with NODE_ENV=production to collect page data; secrets are a
    // runtime requirement, so the build itself does not need them.
    if (e.NODE_ENV === "production" && e.NEXT_PHASE !== "phase-production-build") {
      need("NEXTAUTH_SECRET", "in production (32+ random characters: `openssl rand -hex 32`)");
      need("OTP_SECRET", "in production (32+ random characters, different from NEXTAUTH_SECRET)");
      need("INNGEST_ENCRYPTION_KEY", "in production (32+ random characters)");
      // Without a signing key the SDK runs in dev mode, where /api/inngest runs any function for
      // anyone who POSTs to it; without an event key no event can leave. Production needs both.
      need("INNGEST_SIGNING_KEY", "in production (from Inngest Cloud, or the key self-hosted `inngest start` runs with)");
      need("INNGEST_EVENT_KEY", "in production (from Inngest Cloud, or the key self-hosted `inngest start` runs with)");
      if (e.INNGEST_DEV !== undefined) {
        ctx.addIssue({ code: "custom", path: ["INNGEST_DEV"], message: "INNGEST_DEV cannot be set in production: dev mode serves /api/inngest unsigned, to anyone" });
      }
      if (e.DEV_MAILBOX) {
        ctx.addIssue({ code: "custom", path: ["DEV_MAILBOX"], message: "DEV_MAILBOX cannot be on in production: it shows every sign-in code" });
      }
    }
    if (e.STORAGE === "s3") {
      need("S3_BUCKET", "when STORAGE=s3");
      if (!e.S3_ACCESS_KEY_ID !== !e.S3_SECRET_ACCESS_KEY) {
        ctx.addIssue({ code: "custom", path: [e.S3_ACCESS_KEY_ID ? "S3_SECRET_ACCESS_KEY" : "S3_ACCESS_KEY_ID"], message: "S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together (unset both to use the SDK's own credentials)" });
      }
    }
    if (e.SMS_PROVIDER === "twilio") {
      for (const key of ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM"] as const) need(key, "when SMS_PROVIDER=twilio");
    }
  })
  .transform((e) => {
    const dev = e.NODE_ENV !== "production";
    return {
      ...e,
      NEXTAUTH_SECRET: e.NEXTAUTH_SECRET ?? `${DEV_SECRET}-auth`,
      OTP_SECRET: e.OTP_SECRET ?? `${DEV_SECRET}-otp`,
      INNGEST_ENCRYPTION_KEY: e.INNGEST_ENCRYPTION_KEY ?? `${DEV_SECRET}-inngest`,
      DEV_MAILBOX: e.DEV_MAILBOX ?? dev,
      DATABASE_BACKGROUND_POOL_MAX: e.DATABASE_BACKGROUND_POOL_MAX ?? Math.max(2, Math.round(e.DATABASE_POOL_MAX / 3)),
      /** Dev mode (no signing keys, local Dev Server) unless a signing key says this is Inngest Cloud. */
      inngestDev: e.INNGEST_DEV !== undefined ? !["0", "false", ""].includes(e.INNGEST_DEV) : !e.INNGEST_SIGNING_KEY,
    };
  });

export type Env = z.infer<typeof schema>;

/** Each variable that is missing or wrong, with why; the message lists them one per line. */
export class EnvError extends Error {
  readonly issues: { variable: string; message: string }[];

  constructor(issues: { variable: string; message: string }[]) {
    const lines = issues.map((i) => `  - ${i.variable}: ${i.message}`);
    super(`Invalid environment configuration:\n${lines.join("\n")}\nSee .env.example for every variable.`);
    this.name = "EnvError";
    this.issues = issues;
  }
}

/** Empty strings in .env files mean "not set", not "set to empty". */
function withoutEmpty(source: Record<string, string | undefined>) {
  return Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(withoutEmpty(source));
  if (!result.success) throw new EnvError(result.error.issues.map((i) => ({ variable: i.path.join(".") || "(env)", message: i.message })));
  return result.data;
}

let cached: Env | undefined;
/** The validated environment. Start-up validates it first (start-up.ts), so a bad one stops the process there. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
/** Tests change the environment between files; this drops the cached parse. */
export function resetEnvForTests() {
  cached = undefined;
}

/**
 * What the logger is built from, read on its own: the logger reports a bad environment, so it must
 * be built even when the rest does not parse. A bad LOG_LEVEL falls back here (and is reported by
 * the full validation); an unknown NODE_ENV logs as production does.
 */
export function logSettings(source: Record<string, string | undefined> = process.env): Pick<Env, "NODE_ENV" | "LOG_LEVEL"> {
  return z.object({ NODE_ENV: nodeEnv.catch("production"), LOG_LEVEL: logLevel.catch(undefined) }).parse(withoutEmpty(source));
}

/**
 * Sets, where unset, variables that libraries read from process.env themselves: NODE_ENV for Next
 * and React in the production server (http/node-environment.ts), NEXTAUTH_URL for next-auth (auth.ts).
 */
export function fillLibraryEnv(values: { NODE_ENV?: Env["NODE_ENV"]; NEXTAUTH_URL?: string }) {
  const target = process.env as Record<string, string | undefined>;
  for (const [name, value] of Object.entries(values)) target[name] ??= value;
}
