import "server-only";
import type { DB, Executor } from "../../db/client";
import type { AlertSubscription } from "../../db/schema";
import { AppError } from "../errors";
import { said } from "../server-messages";
import { alertRecipient } from "./alert-channel";
import { MAX_SUBSCRIPTIONS, type SubscribeInput, type UpdateSubscriptionInput } from "./alert.schemas";
import { readAlertUnsubscribeToken } from "./unsubscribe-token";

/** What a citizen sees of one of their subscriptions. */
export function subscriptionDto(s: AlertSubscription) {
  return {
    id: s.id,
    latitude: s.latitude,
    longitude: s.longitude,
    radiusMeters: s.radius_meters,
    categories: s.categories ?? [],
    frequency: s.frequency,
    channel: s.channel,
    includeStatusChanges: s.include_status_changes,
    createdAt: s.created_at,
    updatedAt: s.updated_at,
  };
}
export type SubscriptionDto = ReturnType<typeof subscriptionDto>;

/** The channel must reach them now: a verified email for email, a phone for SMS. */
async function checkChannel(db: Executor, userId: string, channel: SubscribeInput["channel"]) {
  const user = await db.selectFrom("users").select(["email", "email_verified_at", "phone"]).where("id", "=", userId).executeTakeFirstOrThrow();
  if (alertRecipient(user, channel)) return;
  throw new AppError("INVALID_INPUT", channel === "email" ? said("alertEmailUnverified") : said("alertPhoneMissing"), { field: "channel" });
}

/**
 * A new subscription. The citizen's row is locked while their subscriptions are counted, so two
 * subscribes at once cannot both be the 20th.
 */
export async function subscribe(db: DB, userId: string, input: SubscribeInput): Promise<SubscriptionDto> {
  return db.transaction().execute(async (trx) => {
    await trx.selectFrom("users").select("id").where("id", "=", userId).forUpdate().executeTakeFirstOrThrow();
    await checkChannel(trx, userId, input.channel);
    const { n } = await trx.selectFrom("alert_subscriptions").select((eb) => eb.fn.countAll<string | number>().as("n")).where("user_id", "=", userId).executeTakeFirstOrThrow();
    if (Number(n) >= MAX_SUBSCRIPTIONS) throw new AppError("CONFLICT", said("tooManyAlerts"), { field: "subscriptions" });
    const row = await trx
      .insertInto("alert_subscriptions")
      .values({
        user_id: userId,
        latitude: input.latitude,
        longitude: input.longitude,
        radius_meters: input.radiusMeters,
        categories: input.categories?.length ? input.categories : null,
        frequency: input.frequency,
        channel: input.channel,
        include_status_changes: input.includeStatusChanges ?? false,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return subscriptionDto(row);
  });
}

export async function listSubscriptions(db: Executor, userId: string): Promise<SubscriptionDto[]> {
  const rows = await db.selectFrom("alert_subscriptions").selectAll().where("user_id", "=", userId).orderBy("created_at").orderBy("id").execute();
  return rows.map(subscriptionDto);
}

const notYours = () => new AppError("NOT_FOUND", said("alertNotFound"), { field: "id" });

/** Changes the fields given; another citizen's subscription is NOT_FOUND, as a missing one. */
export async function updateSubscription(db: DB, userId: string, input: UpdateSubscriptionInput, now = new Date()): Promise<SubscriptionDto> {
  return db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom("alert_subscriptions").selectAll().where("id", "=", input.id).where("user_id", "=", userId).forUpdate().executeTakeFirst();
    if (!current) throw notYours();
    if (input.channel !== undefined && input.channel !== current.channel) await checkChannel(trx, userId, input.channel);
    const row = await trx
      .updateTable("alert_subscriptions")
      .set({
        ...(input.latitude !== undefined ? { latitude: input.latitude } : {}),
        ...(input.longitude !== undefined ? { longitude: input.longitude } : {}),
        ...(input.radiusMeters !== undefined ? { radius_meters: input.radiusMeters } : {}),
        ...(input.categories !== undefined ? { categories: input.categories.length ? input.categories : null } : {}),
        ...(input.frequency !== undefined ? { frequency: input.frequency } : {}),
        ...(input.channel !== undefined ? { channel: input.channel } : {}),
        ...(input.includeStatusChanges !== undefined ? { include_status_changes: input.includeStatusChanges } : {}),
        updated_at: now,
      })
      .where("id", "=", current.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return subscriptionDto(row);
  });
}

/** Removes one of the caller's subscriptions (and what it had pending). */
export async function unsubscribe(db: Executor, userId: string, id: string): Promise<{ id: string; removed: true }> {
  const gone = await db.deleteFrom("alert_subscriptions").where("id", "=", id).where("user_id", "=", userId).returning("id").executeTakeFirst();
  if (!gone) throw notYours();
  return { id, removed: true };
}

/** What an unsubscribe link names, for its page to say before the citizen confirms; a forged link is refused. */
export async function readUnsubscribeLink(db: Executor, secret: string, token: string) {
  const id = readAlertUnsubscribeToken(secret, token);
  if (!id) throw new AppError("INVALID_INPUT", said("unsubscribeLinkInvalid"), { field: "token" });
  const row = await db.selectFrom("alert_subscriptions").selectAll().where("id", "=", id).executeTakeFirst();
  return { id, subscription: row ? subscriptionDto(row) : null };
}

/**
 * The signed link's one click: removes the subscription it names, with no session (the link is the
 * proof). A second click finds it gone and says so without failing; a forged link changes nothing.
 */
export async function unsubscribeByToken(db: Executor, secret: string, token: string): Promise<{ removed: boolean }> {
  const id = readAlertUnsubscribeToken(secret, token);
  if (!id) throw new AppError("INVALID_INPUT", said("unsubscribeLinkInvalid"), { field: "token" });
  const gone = await db.deleteFrom("alert_subscriptions").where("id", "=", id).returning("id").executeTakeFirst();
  return { removed: gone !== undefined };
}
