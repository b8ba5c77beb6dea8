import "server-only";
import { sql } from "kysely";
import type { DB } from "../../db/client";
import { compileOnce } from "../../db/compile-once";
import type { Report } from "../../db/schema";
import { eventFilledByRow } from "../../outbox/enqueue";
import { AppError } from "../errors";
import { rateLimitHitOf, rateLimitRefusal, windowStart, type RateLimit } from "../rate-limit";
import { activeUserById, sessionStands } from "../users";
import { STATUSES, type Status } from "@/shared/report-catalog";
import { isClosed } from "./status";
import { said } from "../server-messages";

export interface SupportResult {
  reportId: string;
  supportCount: number;
  supported: boolean;
}

/** How many supports and withdrawals one citizen may make in a window: each one is an event and a priority recomputation. */
export interface SupportLimit {
  perUser: number;
  windowSeconds: number;
}

export const SUPPORT_LIMIT: SupportLimit = { perUser: 60, windowSeconds: 600 };

/** The session a support is made in (it must still stand); without one, the account's standing alone decides. */
export interface SupportSession {
  sid: string;
  epoch: number;
}

const notFound = () => new AppError("NOT_FOUND", said("reportNotFound"), { field: "reportId" });

function limitFor(userId: string, l: SupportLimit): RateLimit {
  return { key: `support:user:${userId}`, limit: l.perUser, windowSeconds: l.windowSeconds, message: said("tooManySupports") };
}

/** Who may support a report: not its reporter, and only while it is open. Rejected reports are not public: not found. */
export function supportRefusal(report: Pick<Report, "reporter_id" | "status">, userId: string): AppError | null {
  if (report.status === "rejected") return notFound();
  if (isClosed(report.status as Status)) return new AppError("CONFLICT", said("supportClosed"), { field: "reportId" });
  if (report.reporter_id === userId) return new AppError("FORBIDDEN", said("supportOwn"), { field: "reportId" });
  return null;
}

const OPEN_STATUSES = STATUSES.filter((s) => !isClosed(s));

interface ChangeValues {
  userId: string;
  reportId: string;
  sid: string | null;
  epoch: number | null;
  now: Date;
  limitKey: string;
  limit: number;
  since: Date;
  /** The event's payload but for what the changed report row fills in, as JSON. */
  eventData: string;
}

interface ChangeRow {
  standing: boolean;
  within_limit: boolean;
  status: Report["status"] | null;
  reporter_id: string | null;
  support_count: number | null;
  changed: boolean;
}

const supported = eventFilledByRow("report/supported", ["ref", "reporterId", "supportCount"]);
const unsupported = eventFilledByRow("report/unsupported", ["ref", "reporterId", "supportCount"]);

/**
 * A support or its withdrawal as one statement, like filing (submit-report.ts): the caller's
 * standing (users.ts) and the rate-limit hit head it as CTEs; the report's row is locked only for a
 * caller who stands and is within the limit (so every change takes the rate-limit row before the
 * report's, in one order); the support row is added (its primary key makes a second or concurrent
 * support by the same citizen no row at all) or removed; and only when it was, the report's count
 * moves and the event is written. The answer says which of these held, for the caller to explain a
 * refusal. The lock makes supports of one report take turns (the count's update would anyway), and
 * a moderator's merge of it as a duplicate either finishes first (this then sees it closed) or
 * waits for this change and moves it. Built and compiled once (compile-once.ts).
 */
function changeStatement(kind: "support" | "unsupport") {
  const event = kind === "support" ? supported : unsupported;
  return compileOnce((db, v: ChangeValues) =>
    db
      .with("caller", () =>
        activeUserById(db, v.userId)
          .where((eb) => eb.or([eb(sql<string | null>`${v.sid}::text`, "is", null), sessionStands(eb, { sid: v.sid as string, epoch: v.epoch as number })]))
          .select("id"),
      )
      .with("hit", () => rateLimitHitOf(db, { key: v.limitKey, limit: v.limit, now: v.now, since: v.since }))
      .with("target", (q) =>
        q
          .selectFrom("reports")
          .select(["id", "ref", "reporter_id", "status", "support_count"])
          .where("id", "=", v.reportId)
          .where((eb) => eb.and([eb.exists(eb.selectFrom("caller").select("id")), eb.exists(eb.selectFrom("hit").select("key"))]))
          .forNoKeyUpdate(),
      )
      .with("moved", (q) =>
        kind === "support"
          ? q
              .insertInto("report_supports")
              .columns(["report_id", "user_id", "created_at"])
              .expression((eb) =>
                eb
                  .selectFrom("target")
                  .select(["target.id", sql.val(v.userId).as("user_id"), sql.val(v.now).as("created_at")])
                  .where("target.status", "in", OPEN_STATUSES.map((s) => sql.lit(s)))
                  .where("target.reporter_id", "<>", v.userId),
              )
              .onConflict((oc) => oc.columns(["report_id", "user_id"]).doNothing())
              .returning("report_supports.report_id")
          : q
              .deleteFrom("report_supports")
              .using("target")
              .whereRef("report_supports.report_id", "=", "target.id")
              .where("report_supports.user_id", "=", v.userId)
              .where("target.status", "<>", sql.lit("rejected"))
              .returning("report_supports.report_id"),
      )
      // Moderators' optimistic version is left alone: a support does not change what they decide on.
      .with("counted", (q) =>
        q
          .updateTable("reports")
          .set({ support_count: sql<number>`reports.support_count + ${sql.lit(kind === "support" ? 1 : -1)}` })
          .from("moved")
          .whereRef("reports.id", "=", "moved.report_id")
          .returning(["reports.ref", "reports.reporter_id", "reports.support_count"]),
      )
      .with("event", (q) =>
        q
          .insertInto("event_outbox")
          .columns(["name", "data"])
          .expression((eb) =>
            eb
              .selectFrom("counted")
              .select((row) => event.columns(v.eventData, { ref: row.ref("counted.ref"), reporterId: row.ref("counted.reporter_id"), supportCount: row.ref("counted.support_count") })),
          ),
      )
      .selectNoFrom((eb) => [
        eb.exists(eb.selectFrom("caller").select("id")).as("standing"),
        eb.exists(eb.selectFrom("hit").select("key")).as("within_limit"),
        eb.selectFrom("target").select("status").as("status"),
        eb.selectFrom("target").select("reporter_id").as("reporter_id"),
        // The count after this change; with none, the one read under the lock (a concurrent change that won the row has committed by then).
        eb.fn.coalesce(eb.selectFrom("counted").select("support_count"), eb.selectFrom("target").select("support_count")).as("support_count"),
        eb.exists(eb.selectFrom("counted").select("ref")).as("changed"),
      ]),
  );
}

const supportStatement = changeStatement("support");
const unsupportStatement = changeStatement("unsupport");

async function change(
  kind: "support" | "unsupport",
  db: DB,
  userId: string,
  reportId: string,
  limit: SupportLimit,
  now: Date,
  session: SupportSession | null,
): Promise<SupportResult> {
  const l = limitFor(userId, limit);
  const statement = kind === "support" ? supportStatement : unsupportStatement;
  const event = kind === "support" ? supported : unsupported;
  const { rows } = await statement(db, {
    userId,
    reportId,
    sid: session?.sid ?? null,
    epoch: session?.epoch ?? null,
    now,
    limitKey: l.key,
    limit: l.limit,
    since: windowStart(l, now),
    eventData: event.payload({ reportId, supporterId: userId, at: now.toISOString() }),
  });
  const row = rows[0] as ChangeRow;
  if (!row.standing) throw new AppError("UNAUTHENTICATED", said("sessionEnded"));
  if (!row.within_limit) throw await rateLimitRefusal(db, l, now);
  if (row.status === null || row.reporter_id === null || row.support_count === null) throw notFound();
  const report = { status: row.status, reporter_id: row.reporter_id };
  const refusal = kind === "support" ? supportRefusal(report, userId) : report.status === "rejected" ? notFound() : null;
  if (refusal) throw refusal;
  return { reportId, supportCount: row.support_count, supported: kind === "support" };
}

/**
 * "This affects me too", in one statement (changeStatement): the support row, and only when it was
 * added the report's count and the `report/supported` event. Supporting twice answers the same
 * count. A refused attempt counts against the rate limit, as filing's do.
 */
export function supportReport(db: DB, userId: string, reportId: string, limit: SupportLimit = SUPPORT_LIMIT, now = new Date(), session: SupportSession | null = null): Promise<SupportResult> {
  return change("support", db, userId, reportId, limit, now, session);
}

/** Withdraws a support, in one statement; withdrawing one that is not there changes nothing and sends nothing. */
export function unsupportReport(db: DB, userId: string, reportId: string, limit: SupportLimit = SUPPORT_LIMIT, now = new Date(), session: SupportSession | null = null): Promise<SupportResult> {
  return change("unsupport", db, userId, reportId, limit, now, session);
}
