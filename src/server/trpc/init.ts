import { initTRPC } from "@trpc/server";
import type { Session } from "next-auth";
import { sessionFromHeaders } from "../auth/auth-options";
import { db, type DB } from "../db/client";
import type { Role, User } from "../db/schema";
import { AppError } from "../domain/errors";
import { findSessionUser, type SessionRef } from "../domain/users";
import { relayAfterResponse } from "../outbox/schedule";
import { trackOutboxWrites } from "../outbox/writes";
import { clientInfo, type ClientInfo } from "../http/request-context";
import { isDatabaseUnavailable } from "../db/errors";
import { said } from "../domain/server-messages";
import { formatError, toTRPCError } from "./errors";
import { answerLocale, requestLanguage, type RequestLanguage } from "./locale";
import { findUnsafeInput, inputTransformer } from "./input-guard";

// ---------------------------------------------------------------------------------------------
// 1. Context: the database, the session, and who is calling.
// ---------------------------------------------------------------------------------------------
export interface Context {
  db: DB;
  session: Session | null;
  client: ClientInfo;
  /** The asker's language signals, for answering refusals in their language (absent in process: English, or the account's). */
  language?: RequestLanguage;
}

export async function createTRPCContext(opts: { headers: Headers; session?: Session | null }): Promise<Context> {
  return {
    db: db(),
    session: opts.session !== undefined ? opts.session : await sessionFromHeaders(opts.headers),
    client: clientInfo(opts.headers),
    language: requestLanguage(opts.headers),
  };
}

// ---------------------------------------------------------------------------------------------
// 2. Initialisation: superjson (inputs behind a check of their annotations, input-guard.ts), and
//    errors mapped once (errors.ts): by the first middleware of every procedure, then shaped by
//    the error formatter, which names the failing field.
// ---------------------------------------------------------------------------------------------
const t = initTRPC.context<Context>().create({
  transformer: inputTransformer,
  errorFormatter: formatError,
});

const mapErrors = t.middleware(async ({ ctx, next }) => {
  const result = await next();
  if (!result.ok) {
    const { cause } = result.error;
    const account = !isDatabaseUnavailable(cause) && !(cause instanceof AppError && cause.code === "UNAUTHENTICATED");
    throw toTRPCError(result.error, await answerLocale(ctx, account));
  }
  return result;
});

/**
 * Every procedure's raw input, over HTTP or in process, before its schema: a NUL byte in any string
 * or absurd nesting is refused as bad input naming the field (input-guard.ts), not left to fail in
 * PostgreSQL as a 500.
 */
const guardInput = t.middleware(async ({ getRawInput, next }) => {
  const unsafe = findUnsafeInput(await getRawInput());
  if (unsafe) throw unsafe;
  return next();
});

/**
 * A mutation that wrote events to the outbox has them relayed after its response (outbox/writes.ts
 * sees every write), so no procedure asks for the relay by hand and none can forget to. A failed
 * mutation rolled its events back with everything else: nothing to relay.
 */
const relayOutboxWrites = t.middleware(async ({ type, next }) => {
  if (type !== "mutation") return next();
  const { result, wrote } = await trackOutboxWrites(() => next());
  if (wrote && result.ok) relayAfterResponse();
  return result;
});

export const createCallerFactory = t.createCallerFactory;
export const router = t.router;

// ---------------------------------------------------------------------------------------------
// 3. Procedure tiers. Roles come from the database on every call, so a role change or a
//    suspension takes effect at once, not when the session cookie expires.
// ---------------------------------------------------------------------------------------------
export const publicProcedure = t.procedure.use(mapErrors).use(guardInput).use(relayOutboxWrites);

const RANK: Record<Role, number> = { citizen: 0, moderator: 1, admin: 2 };

/**
 * Who the session cookie says is calling, or UNAUTHORIZED when there is no session. Whether that
 * session still stands (not signed out, not ended by its account's epoch) is the database's to say.
 */
function sessionRef(ctx: Context): SessionRef {
  const id = ctx.session?.user?.id;
  if (!id) throw new AppError("UNAUTHENTICATED", said("signInToContinue"));
  const { sid, epoch } = ctx.session!;
  if (!sid || epoch === undefined) throw new AppError("UNAUTHENTICATED", said("sessionEnded"));
  return { userId: id, sid, epoch };
}

function requireRole(min: Role) {
  return t.middleware(async ({ ctx, next }) => {
    const user: User | undefined = await findSessionUser(ctx.db, sessionRef(ctx));
    if (!user) throw new AppError("UNAUTHENTICATED", said("sessionEnded"));
    if (RANK[user.role] < RANK[min]) throw new AppError("FORBIDDEN", said(min === "admin" ? "needsAdmin" : "needsModerator"));
    return next({ ctx: { ...ctx, user } });
  });
}

export const authedProcedure = publicProcedure.use(requireRole("citizen"));
/**
 * The authed tier for a procedure whose one statement enforces the account's standing itself
 * (activeUserById in domain/users.ts), so its hot path makes one round trip instead of two:
 * `reports.create` (submitReport). The session is required here; the account is not read, so the
 * context carries the session's user id only, never a checked `user`.
 */
export const sessionProcedure = publicProcedure.use(({ ctx, next }) => next({ ctx: { ...ctx, sessionRef: sessionRef(ctx) } }));
/**
 * Public, with the caller as the database has them when their session still stands (else null):
 * for answers that show more to the reporter or to staff, which a signed-out or demoted session's
 * cookie must not unlock.
 */
export const viewerProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const s = ctx.session;
  const viewer = s?.user?.id && s.sid && s.epoch !== undefined ? ((await findSessionUser(ctx.db, { userId: s.user.id, sid: s.sid, epoch: s.epoch })) ?? null) : null;
  return next({ ctx: { ...ctx, viewer } });
});
export const moderatorProcedure = publicProcedure.use(requireRole("moderator"));
export const adminProcedure = publicProcedure.use(requireRole("admin"));
