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

/**
 * A subscriber's untold alerts of one frequency, one batch per subscription, oldest first. Alerts of
 * a suspended account, or for a channel that no longer reaches them (the email was unverified
 * since), are dropped: nobody can be told, and keeping them would retry for ever.
 */
export async function pendingAlertBatches(db: Executor, userId: string, frequency: AlertFrequency): Promise<{ batches: AlertBatch[]; dropped: number }> {
  const rows = await db
    .selectFrom("alert_pending as p")
    .innerJoin("alert_subscriptions as s", "s.id", "p.subscription_id")
    .innerJoin("reports as r", "r.id", "p.report_id")
    .innerJoin("users as u", "u.id", "p.user_id")
    .select(["p.id", "p.subscription_id", "p.kind", "p.status", "s.channel", "s.latitude", "s.longitude", "s.radius_meters", "r.id as report_id", "r.ref", "r.title", "r.category"])
    .select(["u.phone", "u.email", "u.email_verified_at", "u.status as user_status", "u.locale"])
    .where("p.user_id", "=", userId)
    .where("p.frequency", "=", frequency)
    .where("p.message_id", "is", null)
    .orderBy("p.id")
    .execute();
  const batches = new Map<string, AlertBatch>();
  const drop: string[] = [];
  for (const row of rows) {
    const recipient = row.user_status === "active" ? alertRecipient(row, row.channel) : null;
    if (!recipient) {
      drop.push(String(row.id));
      continue;
    }
    let batch = batches.get(row.subscription_id);
    if (!batch) {
      batch = {
        subscriptionId: row.subscription_id,
        userId,
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

/**
 * Queues the batch's message and marks its alerts told by it, in one statement (one round trip: the
 * fan-out's many subscribers each pay it once). Null when another run took any of them first (two
 * runs at once): that run's message tells of them, this one sends nothing, and whatever is left is
 * picked up by the next run. The rows are locked while counted, so the message exists exactly when
 * its alerts are marked.
 */
export async function claimAlertBatch(db: Executor, batch: AlertBatch, message: Omit<QueueMessageInput, "eventId" | "channel" | "userId" | "recipient">): Promise<Message | null> {
  const ids = sql.join(batch.pendingIds.map((id) => sql`${id}::bigint`));
  const res = await sql<Message>`
    with free as (select id from alert_pending where id in (${ids}) and message_id is null for update),
    ins as (
      insert into messages (event_id, channel, kind, user_id, recipient, subject, body, html, provider)
      select ${batch.key}, ${batch.channel}, ${message.kind}, ${batch.userId}::uuid, ${batch.recipient}, ${message.subject ?? null}, ${message.body}, ${message.html ?? null}, ${message.provider}
      where (select count(*) from free) = ${batch.pendingIds.length}
      on conflict (event_id, channel) do nothing
      returning *
    ),
    marked as (update alert_pending set message_id = ins.id from ins where alert_pending.id in (select id from free) returning alert_pending.id)
    select * from ins`.execute(db);
  return res.rows[0] ?? null;
}

/** Alert messages queued for a subscriber but never sent (a run that died between queueing and sending). */
export async function unsentAlertMessages(db: Executor, userId: string): Promise<Message[]> {
  return db.selectFrom("messages").selectAll().where("user_id", "=", userId).where("kind", "=", "area_alert").where("status", "=", "queued").orderBy("created_at").execute();
}

/** Daily subscribers with alerts to hear of, a page at a time in id order, for the digest. */
export async function subscribersWithPendingAlerts(db: Executor, frequency: AlertFrequency, after: string | null, limit: number): Promise<string[]> {
  let q = db.selectFrom("alert_pending").select("user_id").distinct().where("frequency", "=", frequency).where("message_id", "is", null).orderBy("user_id").limit(limit);
  if (after) q = q.where("user_id", ">", after);
  return (await q.execute()).map((r) => r.user_id);
}
