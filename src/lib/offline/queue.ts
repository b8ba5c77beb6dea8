import { createStore, del, get, set, values, type UseStore } from "idb-keyval";
import { CATEGORIES, SEVERITIES } from "@/shared/report-catalog";

/**
 * Reports filed while offline, kept on the device until the server has them (docs/ARCHITECTURE.md,
 * Offline filing). One IndexedDB database the pages and the service worker share, one record per
 * report keyed by its submission key: the key the form made for it, sent with every attempt, so an
 * attempt whose answer was lost and is sent again returns the report already filed (ADR 0010).
 */
export interface QueuedReportInput {
  title: string;
  description: string;
  severity: (typeof SEVERITIES)[number];
  category?: (typeof CATEGORIES)[number];
  address?: string;
  latitude: number;
  longitude: number;
  submissionKey: string;
}

/**
 * - waiting: kept until the connection returns (or the server is reachable again).
 * - needs-sign-in: the server asked for a session; sent again once the citizen has signed in.
 * - needs-edit: the server refused what was written; the citizen edits it in the form.
 * - filed: the server has it (`ref`); kept until the citizen has seen the notice.
 */
export type QueuedState = "waiting" | "needs-sign-in" | "needs-edit" | "filed";

export interface QueuedReport {
  submissionKey: string;
  /** The account that wrote it: it is sent only under that account's session. */
  ownerId: string;
  input: QueuedReportInput;
  queuedAt: number;
  state: QueuedState;
  ref?: string;
  /** The server's words for a refusal, shown with the report. */
  message?: string;
}

const DB_NAME = "civiclens-offline";
const STORE_NAME = "reports";

let store: UseStore | null = null;
/** Opened on first use, so importing this module costs nothing on the server. */
export function queueStore(): UseStore {
  store ??= createStore(DB_NAME, STORE_NAME);
  return store;
}

/** For tests: the next call opens the database again (a fresh fake IndexedDB). */
export function resetQueueStore() {
  store = null;
}

export function queueReport(ownerId: string, input: QueuedReportInput, now = Date.now()): Promise<QueuedReport> {
  const record: QueuedReport = { submissionKey: input.submissionKey, ownerId, input, queuedAt: now, state: "waiting" };
  return set(record.submissionKey, record, queueStore()).then(() => record);
}

/** The account's reports on this device, oldest first. Records that are not reports are skipped. */
export async function listQueued(ownerId: string): Promise<QueuedReport[]> {
  const all = (await values<unknown>(queueStore())).filter(isQueuedReport);
  return all.filter((r) => r.ownerId === ownerId).sort((a, b) => a.queuedAt - b.queuedAt);
}

export function getQueued(submissionKey: string): Promise<QueuedReport | undefined> {
  return get<QueuedReport>(submissionKey, queueStore());
}

export async function updateQueued(submissionKey: string, change: Partial<Pick<QueuedReport, "state" | "ref" | "message">>): Promise<void> {
  const current = await getQueued(submissionKey);
  if (current) await set(submissionKey, { ...current, ...change }, queueStore());
}

export function removeQueued(submissionKey: string): Promise<void> {
  return del(submissionKey, queueStore());
}

function isQueuedReport(v: unknown): v is QueuedReport {
  if (typeof v !== "object" || v === null) return false;
  const r = v as Partial<QueuedReport>;
  return typeof r.submissionKey === "string" && typeof r.ownerId === "string" && typeof r.input === "object" && r.input !== null && typeof r.state === "string";
}
