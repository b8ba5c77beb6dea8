import "server-only";
import { createHash, randomBytes } from "node:crypto";

export const EMAIL_TOKEN_TTL_SECONDS = 24 * 3600;

/** 32 random bytes, URL-safe: the secret the link carries. Only its hash is stored. */
export function generateEmailToken(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * SHA-256 is enough here (unlike passwords): the token has 256 bits of entropy, so there is nothing
 * to brute-force, and a plain hash lets verification look the row up by an indexed equality.
 */
export function hashEmailToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
