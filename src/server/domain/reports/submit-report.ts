import "server-only";
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { DB } from "../../db/client";
import { compileOnce } from "../../db/compile-once";
import { eventFilledByRow } from "../../outbox/enqueue";
import { AppError } from "../errors";
import { activeUserById, findActiveUser, findSessionUser, sessionStands } from "../users";
import { type RateLimit, rateLimitHitOf, rateLimitRefusal, windowStart } from "../rate-limit";
import type { SubmitReportInput } from "./report.schemas";
import { said } from "../server-messages";

export interface SubmitContext {
  ip: string | null;
  userAgent: string | null;
  /** The filing session (a signed-in browser): it must still stand for the report to be filed. */
  session?: { sid: string; epoch: number };
  /** The Open311 key the report comes through (its channel); none for the web form. */
  open311KeyId?: string;
}

export interface ReportLimits {
  perUser: number;
  windowSeconds: number;
}

/** What the citizen gave, as the report row holds it (GIVEN_COLUMNS). */
interface Given {
  title: string;
  description: string;
  citizen_category: string | null;
  citizen_severity: string;
  latitude: number;
  longitude: number;
  address: string | null;
}

/** What one report's statement takes, each value passed to SQL as it is (compileOnce). */
interface SubmitValues extends Given {
  id: string;
  reporterId: string;
  /** The filing session's id and epoch, or null for a caller without a session. */
  sid: string | null;
  epoch: number | null;
  submissionKey: string | null;
  open311KeyId: string | null;
  now: Date;
  /** The `report/created` payload but for its `ref`, as JSON (reportCreated.payload); SQL adds the ref the row got. */
  eventData: string;
  limitKey: string;
  limit: number;
  since: Date;
}

/** `report/created`, written by the filing statement with the ref the database gave the report. */
const reportCreated = eventFilledByRow("report/created", ["ref"]);

/**
 * The reporter's standing (users.ts: the account exists and is active, and the filing session still
 * stands) and the rate-limit hit
 * (rate-limit.ts) head the statement as CTEs, and the report, its timeline entry and its outbox row
 * are inserted only for an active reporter within the limit, and not for a submission key the
 * reporter already filed a report with (then nothing is inserted). Built and compiled once
 * (compile-once.ts): building it took longer than running it.
 */
const insertReport = compileOnce((db, v: SubmitValues) => {
  // The report row, column by column; the citizen's category is also the report's until triage.
  const row = {
    id: v.id,
    reporter_id: v.reporterId,
    title: v.title,
    description: v.description,
    category: v.citizen_category,
    citizen_category: v.citizen_category,
    severity: v.citizen_severity,
    citizen_severity: v.citizen_severity,
    latitude: v.latitude,
    longitude: v.longitude,
    address: v.address,
    submission_key: v.submissionKey,
    open311_key_id: v.open311KeyId,
    created_at: v.now,
    updated_at: v.now,
  };
  const columns = Object.keys(row) as (keyof typeof row)[];
  return db
    .with("reporter", () =>
      activeUserById(db, v.reporterId)
        .where((eb) =>
          // A caller without a session (sid null) files on the account's standing alone.
          eb.or([eb(sql<string | null>`${v.sid}::text`, "is", null), sessionStands(eb, { sid: v.sid as string, epoch: v.epoch as number })]),
        )
        .select("id"),
    )
    .with("hit", () => rateLimitHitOf(db, { key: v.limitKey, limit: v.limit, now: v.now, since: v.since }))
    .with("report", (q) =>
      q
        .insertInto("reports")
        .columns(columns)
        .expression((eb) => eb.selectFrom(["reporter", "hit"]).select(columns.map((c) => sql.val(row[c]).as(c))))
        .onConflict((oc) => oc.columns(["reporter_id", "submission_key"]).where("submission_key", "is not", null).doNothing())
        .returning(["id", "ref", "status", "category", "severity", "created_at", "reporter_id"]),
    )
    .with("entry", (q) =>
      q
        .insertInto("report_updates")
        .columns(["report_id", "kind", "to_status", "actor_id", "actor_role", "created_at"])
        .expression((eb) =>
          eb.selectFrom("report").select(["report.id", sql.lit("submitted").as("kind"), "report.status", "report.reporter_id", sql.lit("citizen").as("actor_role"), "report.created_at"]),
        ),
    )
    .with("event", (q) =>
      q
        .insertInto("event_outbox")
        .columns(["name", "data"])
        .expression((eb) => eb.selectFrom("report").select((row) => reportCreated.columns(v.eventData, { ref: row.ref("report.ref") }))),
    )
    .selectFrom("report")
    .select(FILED_REPORT);
});

/** The report's columns the citizen fills in: a resend of one filing must carry the same values. */
const GIVEN_COLUMNS = ["title", "description", "citizen_category", "citizen_severity", "latitude", "longitude", "address"] as const satisfies readonly (keyof Given)[];

/** What filing answers with, for a new report and for a resend of one already filed. */
const FILED_REPORT = ["id", "ref", "status", "category", "severity", "created_at"] as const;

/**
 * Files a report: the report, its first timeline entry and the `report/created` event commit
 * together. Reputation, triage and audit happen in the background.
 *
 * One statement does it all, the reporter's standing included, so it is atomic without an explicit
 * transaction and costs a single round trip. The event's payload is built here, typed by the
 * contract; only the public reference, which the database assigns, is filled in by SQL.
 *
 * A submission key makes filing idempotent: sent again (the first answer was lost), the call
 * returns the report already filed with that key, and nothing new is written but the rate-limit hit
 * (hits count attempts). Sent again with anything the citizen gave changed (an edit after the lost
 * answer), it is refused (CONFLICT) rather than answered with a report that lacks the edit.
 * When nothing was inserted, a second look says why: the account (UNAUTHENTICATED, as the API
 * tiers say it, before any resend is answered), a report already filed with the key, or the limit.
 */
export async function submitReport(db: DB, reporterId: string, input: SubmitReportInput, ctx: SubmitContext, limits: ReportLimits, now = new Date()) {
  const id = randomUUID();
  const category = input.category ?? null;
  const limit: RateLimit = {
    key: `reports:user:${reporterId}`,
    limit: limits.perUser,
    windowSeconds: limits.windowSeconds,
    message: said("tooManyReports"),
  };
  const eventData = reportCreated.payload({
    reportId: id,
    reporterId,
    category,
    severity: input.severity,
    latitude: input.latitude,
    longitude: input.longitude,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    createdAt: now.toISOString(),
  });
  // What the citizen gave, as the report row holds it.
  const given: Given = {
    title: input.title,
    description: input.description,
    citizen_category: category,
    citizen_severity: input.severity,
    latitude: input.latitude,
    longitude: input.longitude,
    address: input.address || null,
  };
  const { rows } = await insertReport(db, {
    id,
    reporterId,
    sid: ctx.session?.sid ?? null,
    epoch: ctx.session?.epoch ?? null,
    ...given,
    submissionKey: input.submissionKey ?? null,
    open311KeyId: ctx.open311KeyId ?? null,
    now,
    eventData,
    limitKey: limit.key,
    limit: limit.limit,
    since: windowStart(limit, now),
  });
  const report = rows[0];
  if (report) return report;
  // Nothing was inserted. An account suspended or deleted since is refused first, resend or not:
  // its reports are no longer its to be answered with.
  const standing = ctx.session ? await findSessionUser(db, { userId: reporterId, ...ctx.session }) : await findActiveUser(db, reporterId);
  if (!standing) throw new AppError("UNAUTHENTICATED", said("sessionEnded"));
  if (input.submissionKey) {
    const filed = await db
      .selectFrom("reports")
      .select([...FILED_REPORT, ...GIVEN_COLUMNS])
      .where("reporter_id", "=", reporterId)
      .where("submission_key", "=", input.submissionKey)
      .executeTakeFirst();
    if (filed) {
      if (GIVEN_COLUMNS.some((c) => filed[c] !== given[c])) {
        throw new AppError("CONFLICT", said("alreadyFiled", { ref: filed.ref }), { field: "submissionKey" });
      }
      return { id: filed.id, ref: filed.ref, status: filed.status, category: filed.category, severity: filed.severity, created_at: filed.created_at };
    }
  }
  throw await rateLimitRefusal(db, limit, now);
}
