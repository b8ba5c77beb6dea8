import "server-only";
import { env } from "../config/env";
import type { DB } from "../db/client";
import { listen, type Listening } from "../db/listen";

/** The channel migration 0019's triggers notify. */
export const REPORT_CHANGED_CHANNEL = "report_changed";

/** One report changed (ids only), or `all`: anything may have changed (a bulk write, a lost connection). */
export type ReportChange = { reportId: string; reporterId: string } | "all";
export type ReportChangeListener = (change: ReportChange) => void;

/** A notification's payload, "<reportId> <reporterId>" or "*"; null for anything else. */
export function parseReportChange(payload: string): ReportChange | null {
  if (payload === "*") return "all";
  const [reportId, reporterId, extra] = payload.split(" ");
  return reportId && reporterId && extra === undefined ? { reportId, reporterId } : null;
}

/**
 * The process's one LISTEN on report changes, shared by every open stream: it is opened for the
 * first subscriber and closed after the last one leaves, so a process with no stream open holds no
 * connection for it.
 */
export function createReportChanges(db: DB, opts: { postgresUrl?: string } = {}) {
  const listeners = new Set<ReportChangeListener>();
  let listening: Promise<Listening> | null = null;

  const dispatch = (change: ReportChange) => {
    for (const listener of [...listeners]) listener(change);
  };

  return {
    async subscribe(listener: ReportChangeListener): Promise<() => void> {
      listeners.add(listener);
      listening ??= listen(db, REPORT_CHANGED_CHANNEL, {
        onPayload: (payload) => {
          const change = parseReportChange(payload);
          if (change) dispatch(change);
        },
        onGap: () => dispatch("all"),
      }, opts);
      const mine = listening;
      try {
        await mine;
      } catch (err) {
        listeners.delete(listener);
        if (listening === mine && listeners.size === 0) listening = null;
        throw err;
      }
      let done = false;
      return () => {
        if (done) return;
        done = true;
        listeners.delete(listener);
        if (listeners.size > 0 || listening === null) return;
        const closing = listening;
        listening = null;
        void closing.then((l) => l.stop()).catch(() => {});
      };
    },
    /** Listeners subscribed now (for tests and the health of the fan-out). */
    get size() {
      return listeners.size;
    },
    /** Whether the LISTEN is open or opening. */
    get listening() {
      return listening !== null;
    },
  };
}

export type ReportChanges = ReturnType<typeof createReportChanges>;

// One per database handle and process: Next compiles each route into its own bundle, so the
// registry lives on globalThis, like the database handle itself.
const globalForLive = globalThis as unknown as { civiclensReportChanges?: WeakMap<DB, ReportChanges> };

/** The shared report-change feed of this process for `db`. */
export function reportChanges(db: DB): ReportChanges {
  const byDb = (globalForLive.civiclensReportChanges ??= new WeakMap());
  let feed = byDb.get(db);
  if (!feed) {
    feed = createReportChanges(db, { postgresUrl: env().DATABASE_LISTEN_URL });
    byDb.set(db, feed);
  }
  return feed;
}
