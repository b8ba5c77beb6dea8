import "server-only";
import { sql } from "kysely";
import type { Executor } from "../../db/client";
import type { AlertChannel, AlertFrequency, Message } from "../../db/schema";
import type { Locale } from "@/shared/locales";
import type { QueueMessageInput } from "../messages";
import { messageLocale } from "../profile/user-locale";
import { alertRecipient } from "./alert-channel";

/** One report an alert tells of: filed in the area, or (if asked for) its status changed. */
export interface AlertItem {
  reportId: string;
  ref: string;
  title: string;
  category: string | null;
  kind: "created" | "status";
  status: string | null;
}

/**
 * What one message will say: a subscription's pending alerts, for its channel, in the subscriber's
 * language. `key` names the message (the messages row's event id): the same pending rows always
 * make the same key, so a retried step finds the message it queued before.
 */
export interface AlertBatch {
  subscriptionId: string;
  userId: string;
  frequency: AlertFrequency;
  channel: AlertChannel;
  recipient: string;
  locale: Locale;
  area: { latitude: number; longitude: number; radiusMeters: number };
  pendingIds: string[];
  items: AlertItem[];
  key: string;
}

/** How long an immediate alert waits for more in the same area: the debounce's quiet period. */
export const ALERT_QUIET_MS = 2 * 60_000;
/** The longest an immediate alert waits while more keep coming (the debounce's cap). */
export const ALERT_MAX_WAIT_MS = 10 * 60_000;

/** One untold alert as the sender reads it (a row of `alert_pending` with what the message needs). */
export interface PendingAlertRow {
  id: string;
  user_id: string;
  alert_key: string;
  created_at: Date;
}

/**
 * The debounce, per subscriber: the run for an alert key tells a subscriber only when that key is
 * their newest untold alert (later alerts' runs, which wake after their own quiet period, tell them
 * of everything then), or when their oldest untold alert has waited ALERT_MAX_WAIT_MS. So a burst
 * of reports in one area becomes one message, sent by the run of its last report. `rows` are one
 * frequency's untold alerts of the subscribers asked about, in any order.
 */
export function settledSubscribers(rows: readonly PendingAlertRow[], alertKey: string, now: Date): Set<string> {
  const newest = new Map<string, PendingAlertRow>();
  const oldest = new Map<string, Date>();
  for (const row of rows) {
    const n = newest.get(row.user_id);
    if (!n || BigInt(row.id) > BigInt(n.id)) newest.set(row.user_id, row);
    const o = oldest.get(row.user_id);
    if (!o || row.created_at < o) oldest.set(row.user_id, row.created_at);
  }
  const settled = new Set<string>();
  for (const [userId, row] of newest) {
    if (row.alert_key === alertKey || now.getTime() - oldest.get(userId)!.getTime() >= ALERT_MAX_WAIT_MS) settled.add(userId);
  }
  return settled;
}

/**
 * A page of subscribers' untold alerts of one frequency, one batch per subscription, oldest first,
 * read in one query. With `settledFor`, only the subscribers the debounce lets that alert key's run
 * tell now (settledSubscribers). Alerts of a suspended account, or for a channel that no longer
 * reaches them (the email was unverified since), are dropped: nobody can be told, and keeping them
 * would retry for ever.
 */
export async function pendingAlertBatchesOf(
  db: Executor,
  userIds: readonly string[],
  frequency: AlertFrequency,
  opts: { settledFor?: string; now?: Date } = {},
): Promise<{ batches: AlertBatch[]; dropped: number }> {
  if (userIds.length === 0) return { batches: [], dropped: 0 };
  const rows = await db
    .selectFrom("alert_pending as p")
    .innerJoin("alert_subscriptions as s", "s.id", "p.subscription_id")
    .innerJoin("reports as r", "r.id", "p.report_id")
    .innerJoin("users as u", "u.id", "p.user_id")
    .select(["p.id", "p.user_id", "p.alert_key", "p.created_at", "p.subscription_id", "p.kind", "p.status", "s.channel", "s.latitude", "s.longitude", "s.radius_meters", "r.id as report_id", "r.ref", "r.title", "r.category"])
    .select(["u.phone", "u.email", "u.email_verified_at", "u.status as user_status", "u.locale"])
    .where("p.user_id", "in", userIds)
    .where("p.frequency", "=", frequency)
    .where("p.message_id", "is", null)
    .orderBy("p.id")
    .execute();
  const settled = opts.settledFor === undefined ? null : settledSubscribers(rows.map((r) => ({ ...r, id: String(r.id) })), opts.settledFor, opts.now ?? new Date());
  const batches = new Map<string, AlertBatch>();
  const drop: string[] = [];
  for (const row of rows) {
    const recipient = row.user_status === "active" ? alertRecipient(row, row.channel) : null;
    if (!recipient) {
      drop.push(String(row.id));
      continue;
    }
    if (settled && !settled.has(row.user_id)) continue;
    let batch = batches.get(row.subscription_id);
    if (!batch) {
      batch = {
        subscriptionId: row.subscription_id,
        userId: row.user_id,
        frequency,
        channel: row.channel,
        recipient,
        locale: messageLocale(row.locale),
        area: { latitude: row.latitude, longitude: row.longitude, radiusMeters: row.radius_meters },
        pendingIds: [],
        items: [],
        key: `area-alert:${row.subscription_id}:${row.id}`,
      };
      batches.set(row.subscription_id, batch);
    }
    batch.pendingIds.push(String(row.id));
    batch.items.push({ reportId: row.report_id, ref: row.ref, title: row.title, category: row.category, kind: row.kind, status: row.status });
  }
  if (drop.length > 0) await db.deleteFrom("alert_pending").where("id", "in", drop).where("message_id", "is", null).execute();
  return { batches: [...batches.values()], dropped: drop.length };
}

/** One subscriber's untold alerts of one frequency (pendingAlertBatchesOf for one). */
export function pendingAlertBatches(db: Executor, userId: string, frequency: AlertFrequency) {
  return pendingAlertBatchesOf(db, [userId], frequency);
}

/** What a batch's message says, rendered for its channel and language. */
export type AlertContent = Pick<QueueMessageInput, "subject" | "body" | "html" | "provider">;

/**
 * Queues the messages of a page of batches and marks their alerts told, in one statement (one round
 * trip for hundreds of subscribers). A batch any of whose alerts another run took first is left out
 * (that run's message tells of them; whatever is left goes to the next run), and a batch whose
 * message already exists (a retried step: the same rows make the same key) queues nothing again.
 * The rows are locked while counted, so a message exists exactly when its alerts are marked.
 * Returns the messages queued now.
 */
export async function claimAlertBatches(db: Executor, page: ReadonlyArray<{ batch: AlertBatch; content: AlertContent }>): Promise<Message[]> {
  if (page.length === 0) return [];
  const input = JSON.stringify(
    page.map(({ batch, content }) => ({
      key: batch.key,
      channel: batch.channel,
      user_id: batch.userId,
      recipient: batch.recipient,
      subject: content.subject ?? null,
      body: content.body,
      html: content.html ?? null,
      provider: content.provider,
      pending: batch.pendingIds.map(Number),
    })),
  );
  const res = await sql<Message>`
    with input as (
      select * from jsonb_to_recordset(${input}::jsonb)
        as x(key text, channel text, user_id uuid, recipient text, subject text, body text, html text, provider text, pending bigint[])
    ),
    wanted as (select i.key, unnest(i.pending) as pending_id from input i),
    free as (select id from alert_pending where id in (select pending_id from wanted) and message_id is null for update),
    ready as (
      select w.key from wanted w left join free f on f.id = w.pending_id
      group by w.key having count(f.id) = count(*)
    ),
    ins as (
      insert into messages (event_id, channel, kind, user_id, recipient, subject, body, html, provider)
      select i.key, i.channel, 'area_alert', i.user_id, i.recipient, i.subject, i.body, i.html, i.provider
      from input i join ready using (key)
      on conflict (event_id, channel) do nothing
      returning *
    ),
    marked as (
      update alert_pending set message_id = ins.id
      from ins join wanted w on w.key = ins.event_id
      where alert_pending.id = w.pending_id
      returning alert_pending.id
    )
    select * from ins`.execute(db);
  return res.rows;
}

/** Queues one batch's message and marks its alerts told (claimAlertBatches for one); null when another run took them first. */
export async function claimAlertBatch(db: Executor, batch: AlertBatch, content: AlertContent): Promise<Message | null> {
  return (await claimAlertBatches(db, [{ batch, content }]))[0] ?? null;
}

/** Alert messages queued for these subscribers but never sent (a run that died between queueing and sending). */
export async function unsentAlertMessages(db: Executor, userIds: readonly string[]): Promise<Message[]> {
  if (userIds.length === 0) return [];
  return db.selectFrom("messages").selectAll().where("user_id", "in", userIds).where("kind", "=", "area_alert").where("status", "=", "queued").orderBy("created_at").execute();
}

/** One page of an alert key's immediate subscribers, in id order (each alert's run pages through them). */
export async function subscribersOfAlert(db: Executor, alertKey: string, after: string | null, limit: number): Promise<string[]> {
  let q = db.selectFrom("alert_pending").select("user_id").distinct().where("alert_key", "=", alertKey).where("frequency", "=", "immediate").orderBy("user_id").limit(limit);
  if (after) q = q.where("user_id", ">", after);
  return (await q.execute()).map((r) => r.user_id);
}

/** Daily subscribers with alerts to hear of, a page at a time in id order, for the digest. */
export async function subscribersWithPendingAlerts(db: Executor, frequency: AlertFrequency, after: string | null, limit: number): Promise<string[]> {
  let q = db.selectFrom("alert_pending").select("user_id").distinct().where("frequency", "=", frequency).where("message_id", "is", null).orderBy("user_id").limit(limit);
  if (after) q = q.where("user_id", ">", after);
  return (await q.execute()).map((r) => r.user_id);
}
