import "server-only";
import { z } from "zod";
import { CATEGORIES } from "@/shared/report-catalog";
import { degrees } from "../reports/report.schemas";

/** The widest circle a citizen may watch. */
export const MAX_RADIUS_METERS = 5000;
/** Past this latitude a circle's bounding box degenerates (the poles); no city is there. */
export const MAX_ALERT_LATITUDE = 85;
/** Subscriptions per citizen. */
export const MAX_SUBSCRIPTIONS = 20;

export const ALERT_FREQUENCIES = ["immediate", "daily"] as const;
export const ALERT_CHANNELS = ["sms", "email"] as const;

const latitude = z
  .number({ error: "Latitude must be a number" })
  .finite()
  .min(-MAX_ALERT_LATITUDE, `Latitude must be between -${MAX_ALERT_LATITUDE} and ${MAX_ALERT_LATITUDE}: areas near the poles are not covered`)
  .max(MAX_ALERT_LATITUDE, `Latitude must be between -${MAX_ALERT_LATITUDE} and ${MAX_ALERT_LATITUDE}: areas near the poles are not covered`)
  .transform(degrees);
const longitude = z
  .number({ error: "Longitude must be a number" })
  .finite()
  .min(-180, "Longitude must be between -180 and 180")
  .max(180, "Longitude must be between -180 and 180")
  .transform(degrees);
const radiusMeters = z
  .number({ error: "Radius must be a number of metres" })
  .int("Radius must be a whole number of metres")
  .positive("Radius must be more than 0 metres")
  .max(MAX_RADIUS_METERS, `Radius can be at most ${MAX_RADIUS_METERS} metres (5 km)`);
/** Distinct categories, at most every one; empty or absent means every category. */
const categories = z
  .array(z.enum(CATEGORIES, { error: "Unknown category" }))
  .max(CATEGORIES.length)
  .transform((c) => [...new Set(c)]);

export const subscribeInput = z.object({
  latitude,
  longitude,
  radiusMeters,
  categories: categories.optional(),
  frequency: z.enum(ALERT_FREQUENCIES, { error: "Choose immediate or daily" }),
  channel: z.enum(ALERT_CHANNELS, { error: "Choose SMS or email" }),
  includeStatusChanges: z.boolean().optional(),
});
export type SubscribeInput = z.infer<typeof subscribeInput>;

const subscriptionId = z.uuid({ error: "Unknown subscription" });

export const updateSubscriptionInput = subscribeInput.partial().extend({ id: subscriptionId });
export type UpdateSubscriptionInput = z.infer<typeof updateSubscriptionInput>;

export const subscriptionIdInput = z.object({ id: subscriptionId });

export const unsubscribeTokenInput = z.object({ token: z.string({ error: "The unsubscribe link is incomplete" }).min(1, "The unsubscribe link is incomplete").max(200, "The unsubscribe link is not valid") });
