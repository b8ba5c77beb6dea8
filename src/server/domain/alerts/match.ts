import "server-only";
import { type QueryCreator, sql } from "kysely";
import type { Executor } from "../../db/client";
import type { Database } from "../../db/schema";
import { eventFilledByRow } from "../../outbox/enqueue";

/** What makes a report worth an alert: where it is, what it is, and who filed it (never told of their own). */
export interface AlertSource {
  reportId: string;
  reporterId: string;
  latitude: number;
  longitude: number;
  category: string | null;
  /** Someone else not to tell: the moderator whose status change this is. */
  actorId?: string;
}

/**
 * The subscriptions whose circle holds the point, in one indexed query: the GiST index on each
 * circle's bounding cube (migrations 0023, 0027) finds the candidates, and the exact test keeps those
 * really inside: the straight-line distance from the stored centre within the stored chord of the
 * radius, which is the great-circle distance within the radius, without recomputing either per row.
 * Categories: none chosen means all. `statusChanges`: only those who asked for status changes.
 */
export function matchingSubscriptions(db: Pick<QueryCreator<Database>, "selectFrom">, source: AlertSource, opts: { statusChanges?: boolean } = {}) {
  const point = sql`ll_to_earth(${source.latitude}::float8, ${source.longitude}::float8)`;
  let q = db
    .selectFrom("alert_subscriptions as s")
    .where(sql<boolean>`earth_box(s.center, s.radius_meters::float8) @> ${point}`)
    .where(sql<boolean>`cube_distance(s.center, ${point}) <= s.reach`)
    .where("s.user_id", "not in", source.actorId ? [source.reporterId, source.actorId] : [source.reporterId])
    .where((eb) => eb.or([eb("s.categories", "is", null), sql<boolean>`${source.category}::text = any(s.categories)`]));
  if (opts.statusChanges) q = q.where("s.include_status_changes", "=", true);
  return q;
}

export type AlertKind = { kind: "created" } | { kind: "status"; status: string; eventId: string };

/** What names one alert across its subscriptions: the report filed, or one status change (its event). */
export function alertKeyOf(source: Pick<AlertSource, "reportId">, alert: AlertKind): string {
  return alert.kind === "created" ? `created:${source.reportId}` : `status:${alert.eventId}`;
}

/**
 * Records the alert for every matching subscription, in one statement: a pending row per
 * subscription (unique per subscription and alert key, so a redelivered event adds nothing), and,
 * when any immediate subscriber gained a row, ONE `alert/pending.added` event for the alert key,
 * written to the outbox in the same statement: `send-area-alerts` pages through that key's
 * subscribers. Daily subscribers wait for the digest. Returns how many subscribers gained an
 * immediate alert.
 */
export async function recordAreaAlerts(db: Executor, source: AlertSource, alert: AlertKind): Promise<{ immediate: number }> {
  const alertKey = alertKeyOf(source, alert);
  const status = alert.kind === "status" ? alert.status : null;
  const event = eventFilledByRow("alert/pending.added", []);
  const payload = event.payload({ reportId: source.reportId, alertKey });
  const row = await db
    .with("added", (qc) =>
      qc
        .insertInto("alert_pending")
        .columns(["subscription_id", "user_id", "report_id", "alert_key", "kind", "status", "frequency", "channel"])
        .expression(
          matchingSubscriptions(qc, source, { statusChanges: alert.kind === "status" }).select([
            "s.id",
            "s.user_id",
            sql<string>`${source.reportId}::uuid`.as("report_id"),
            sql<string>`${alertKey}::text`.as("alert_key"),
            sql<string>`${alert.kind}::text`.as("kind"),
            sql<string | null>`${status}::text`.as("status"),
            "s.frequency",
            "s.channel",
          ]),
        )
        .onConflict((oc) => oc.columns(["subscription_id", "alert_key"]).doNothing())
        .returning(["user_id", "frequency"]),
    )
    .with("announced", (qc) =>
      qc
        .insertInto("event_outbox")
        .columns(["name", "data"])
        .expression((eb) =>
          eb
            .selectFrom("added")
            .select(event.columns(payload, {}))
            .where("frequency", "=", "immediate")
            .limit(1),
        )
        .returning("id"),
    )
    .selectFrom("added")
    .select(sql<string | number>`count(distinct user_id) filter (where frequency = 'immediate')`.as("immediate"))
    .executeTakeFirstOrThrow();
  return { immediate: Number(row.immediate) };
}

/** The report an alert is about, as the fan-out matches it (its category as it stands now: triage may have set it). */
export async function alertSourceOf(db: Executor, reportId: string): Promise<AlertSource | null> {
  const r = await db.selectFrom("reports").select(["id", "reporter_id", "latitude", "longitude", "category", "status"]).where("id", "=", reportId).executeTakeFirst();
  if (!r || r.status === "rejected") return null;
  return { reportId: r.id, reporterId: r.reporter_id, latitude: r.latitude, longitude: r.longitude, category: r.category };
}
