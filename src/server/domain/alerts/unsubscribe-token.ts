import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The credential of an alert's unsubscribe link: "<subscriptionId>.<signature>", an HMAC-SHA256 of
 * the id with a server secret under a purpose prefix of its own (no other signature made with that
 * secret can stand in for it). It names one subscription, never expires (an old message's link
 * still works), and can do nothing but remove that subscription.
 */
const PURPOSE = "civiclens:alert-unsubscribe:v1";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function sign(secret: string, subscriptionId: string): string {
  return createHmac("sha256", secret).update(`${PURPOSE}:${subscriptionId}`).digest("base64url");
}

export function alertUnsubscribeToken(secret: string, subscriptionId: string): string {
  return `${subscriptionId}.${sign(secret, subscriptionId)}`;
}

/** The subscription a token names, or null for anything the server did not sign. */
export function readAlertUnsubscribeToken(secret: string, token: string): string | null {
  const [subscriptionId, signature, ...rest] = token.split(".");
  if (rest.length > 0 || !subscriptionId || !signature || !UUID.test(subscriptionId)) return null;
  const expected = Buffer.from(sign(secret, subscriptionId));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return subscriptionId;
}
