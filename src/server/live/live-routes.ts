import "server-only";
import { sessionFromHeaders } from "../auth/auth-options";
import { env } from "../config/env";
import { db, type DB } from "../db/client";
import type { Role, User } from "../db/schema";
import { isDatabaseUnavailable } from "../db/errors";
import { visibleTo } from "../domain/reports/get-report";
import { findReport } from "../domain/reports/report-queries";
import { reportIdInput } from "../domain/reports/report.schemas";
import { SESSION_ENDED, findSessionUser } from "../domain/users";
import { clientInfo } from "../http/request-context";
import { logger } from "../logging/logger";
import { eventStreamResponse, type StreamTiming, type Verdict } from "./event-stream";
import { reportChanges, type ReportChange } from "./report-changes";
import { openStreams } from "./open-streams";

/** Seconds a refused client waits before trying again (also what its polling falls back to). */
const RETRY_AFTER_SECONDS = 10;

function refusal(status: number, code: string, message: string, field?: string): Response {
  const headers: Record<string, string> = { "cache-control": "private, no-store" };
  if (status === 503) headers["retry-after"] = String(RETRY_AFTER_SECONDS);
  return Response.json({ error: { code, message, ...(field ? { field } : {}) } }, { status, headers });
}

const RANK: Record<Role, number> = { citizen: 0, moderator: 1, admin: 2 };

/** The caller as the procedure tiers see them (trpc/init.ts): a session that still stands, by the database's record; else null. */
async function viewerOf(request: Request, database: DB): Promise<User | null> {
  const s = await sessionFromHeaders(request.headers);
  if (!s?.user?.id || !s.sid || s.epoch === undefined) return null;
  return (await findSessionUser(database, { userId: s.user.id, sid: s.sid, epoch: s.epoch })) ?? null;
}

interface StreamSpec {
  judge(change: ReportChange): Verdict | Promise<Verdict>;
}

/**
 * Who a stream counts against: the account, else the address (visitors behind one shared address
 * share its places; past them their pages poll).
 */
export function streamClientKey(request: Request, viewer: User | null): string {
  return viewer ? `user:${viewer.id}` : `ip:${clientInfo(request.headers).ip ?? "unknown"}`;
}

/**
 * Opens the stream if this process has a place for it and the caller has not used up theirs; a full
 * process or caller answers 503 and the page polls.
 */
async function openStream(request: Request, database: DB, viewer: User | null, spec: StreamSpec, timing?: Partial<StreamTiming>): Promise<Response> {
  const streams = openStreams();
  const release = streams.take(env().LIVE_STREAMS_MAX, { key: streamClientKey(request, viewer), max: env().LIVE_STREAMS_PER_CLIENT });
  if (!release) return refusal(503, "UNAVAILABLE", "Too many live connections right now; the page will check for changes itself.");
  let unregister = () => {};
  try {
    return await eventStreamResponse<ReportChange>({
      signal: request.signal,
      lastEventId: request.headers.get("last-event-id"),
      subscribe: (onChange) => reportChanges(database).subscribe(onChange),
      judge: spec.judge,
      onOpen: (close) => {
        unregister = streams.onShutdown(close);
      },
      onClose: () => {
        unregister();
        release();
      },
      timing,
    });
  } catch (err) {
    unregister();
    release();
    throw err;
  }
}

/** Runs a route's checks, turning a database out of reach into a 503 (the browser retries, then polls). */
async function answering(what: string, run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (err) {
    if (isDatabaseUnavailable(err)) return refusal(503, "UNAVAILABLE", "CivicLens cannot check for changes right now.");
    logger.error({ err }, `[live] ${what}: ${err instanceof Error ? err.message : String(err)}`);
    return refusal(500, "INTERNAL", "Something went wrong.");
  }
}

/**
 * GET /api/reports/{reportId}/events: one report's changes, for whoever may see it by the rule of
 * reports.byId (get-report.ts `visibleTo`). A report that does not exist and one the caller may not
 * see get the same 404, so the stream tells nothing byId would not. Events carry no data; the page
 * refetches through byId. Should the report leave the caller's sight, the stream ends.
 */
export function reportEventsResponse(request: Request, reportId: string, timing?: Partial<StreamTiming>): Promise<Response> {
  return answering("report events", async () => {
    const parsed = reportIdInput.safeParse({ id: reportId });
    if (!parsed.success) return refusal(400, "BAD_INPUT", "reportId must be a report id or reference like CL-2026-000123", "reportId");
    const database = db();
    const viewer = await viewerOf(request, database);
    const report = await findReport(database, parsed.data.id);
    if (!report || !visibleTo(report, viewer)) return refusal(404, "NOT_FOUND", "No report with that reference.", "reportId");
    return openStream(
      request,
      database,
      viewer,
      {
        async judge(change) {
          if (change !== "all" && change.reportId !== report.id) return "skip";
          const now = await findReport(database, report.id);
          return now && visibleTo(now, viewer) ? { send: {} } : "close";
        },
      },
      timing,
    );
  });
}

/** GET /api/me/reports/events: changes to the signed-in citizen's own reports, by report id. */
export function myReportsEventsResponse(request: Request, timing?: Partial<StreamTiming>): Promise<Response> {
  return answering("my reports events", async () => {
    const database = db();
    const viewer = await viewerOf(request, database);
    if (!viewer) return refusal(401, "UNAUTHENTICATED", SESSION_ENDED);
    return openStream(
      request,
      database,
      viewer,
      { judge: (change): Verdict => (change === "all" ? { send: {} } : change.reporterId === viewer.id ? { send: { reportId: change.reportId } } : "skip") },
      timing,
    );
  });
}

/** GET /api/admin/queue/events: every report change, for moderators and admins (as the moderator tier checks). */
export function queueEventsResponse(request: Request, timing?: Partial<StreamTiming>): Promise<Response> {
  return answering("queue events", async () => {
    const database = db();
    const viewer = await viewerOf(request, database);
    if (!viewer) return refusal(401, "UNAUTHENTICATED", "Sign in to continue.");
    if (RANK[viewer.role] < RANK.moderator) return refusal(403, "FORBIDDEN", "This needs the moderator role.");
    return openStream(request, database, viewer, { judge: (change): Verdict => (change === "all" ? { send: {} } : { send: { reportId: change.reportId } }) }, timing);
  });
}
