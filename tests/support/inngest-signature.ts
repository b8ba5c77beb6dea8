/**
 * Inngest's request signature, as Inngest signs its calls to an app and the SDK signs its answers:
 * `t=<unix seconds>&s=<hex HMAC-SHA256 over the canonical JSON of the body, then t>`, keyed with
 * the signing key without its `signkey-<env>-` prefix. Sync calls to Inngest's API carry
 * `Authorization: Bearer <prefix + sha256 of the key's hex bytes>`. Read from the inngest SDK
 * (helpers/net.ts signDataWithKey, helpers/strings.ts hashSigningKey) and its docs/SDK_SPEC.md.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import canonicalize from "canonicalize";

const PREFIX = /^signkey-\w+-/;

/** The signature header for `body` (an empty body is signed as ""). */
export function signInngestRequest(body: unknown, signingKey: string, atMs = Date.now()): string {
  const t = Math.round(atMs / 1000).toString();
  const encoded = body === undefined || body === "" ? "" : typeof body === "string" ? body : canonicalize(body) ?? "";
  const s = createHmac("sha256", signingKey.replace(PREFIX, "")).update(encoded).update(t).digest("hex");
  return `t=${t}&s=${s}`;
}

/** Whether an SDK answer's signature header matches its body text (the SDK signs the text it sends). */
export function verifyInngestSignature(header: string | null, bodyText: string, signingKey: string): boolean {
  if (!header) return false;
  const params = new URLSearchParams(header);
  const t = params.get("t");
  const s = params.get("s");
  if (!t || !s) return false;
  const want = signInngestRequest(bodyText, signingKey, Number(t) * 1000).split("&s=")[1]!;
  return want.length === s.length && timingSafeEqual(Buffer.from(want), Buffer.from(s));
}

/** The bearer token the SDK sends Inngest's API (sync): the key's hex bytes hashed, prefix kept. */
export function hashedSigningKey(signingKey: string): string {
  const prefix = PREFIX.exec(signingKey)?.[0] ?? "";
  return `${prefix}${createHash("sha256").update(Buffer.from(signingKey.replace(PREFIX, ""), "hex")).digest("hex")}`;
}
