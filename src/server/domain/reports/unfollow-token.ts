import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The credential of an unfollow link in a message: "<reportId>.<userId>.<signature>", the signature
 * an HMAC-SHA256 of both ids with a server secret (under a purpose prefix of its own, so no other
 * signature made with that secret can stand in for it). It names exactly one follower of one
 * report, never expires (an old message's link still works), and can do nothing but unfollow.
 */
const PURPOSE = "civiclens:unfollow:v1";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function sign(secret: string, reportId: string, userId: string): string {
  return createHmac("sha256", secret).update(`${PURPOSE}:${reportId}:${userId}`).digest("base64url");
}

export function unfollowToken(secret: string, reportId: string, userId: string): string {
  return `${reportId}.${userId}.${sign(secret, reportId, userId)}`;
}

/** The report and follower a token names, or null for anything the server did not sign. */
export function readUnfollowToken(secret: string, token: string): { reportId: string; userId: string } | null {
  const [reportId, userId, signature, ...rest] = token.split(".");
  if (rest.length > 0 || !reportId || !userId || !signature || !UUID.test(reportId) || !UUID.test(userId)) return null;
  const expected = Buffer.from(sign(secret, reportId, userId));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return { reportId, userId };
}
