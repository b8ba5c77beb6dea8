import "server-only";
import { z } from "zod";

/** A report's id, as support, unsupport and follow take it. */
export const reportRefInput = z.object({
  reportId: z.uuid({ error: "reportId must be a report id (a UUID)" }),
});
export type ReportRefInput = z.infer<typeof reportRefInput>;

/** The signed token of an unfollow link: "<reportId>.<userId>.<signature>". */
const unfollowToken = z.string().trim().min(1, "token is required").max(200, "token is not valid");

/**
 * Unfollow: signed in, by the report's id; or from the link in a message, by its token alone (the
 * token is the credential, so the link works in a browser that is not signed in).
 */
export const unfollowInput = z
  .object({ reportId: z.uuid({ error: "reportId must be a report id (a UUID)" }).optional(), token: unfollowToken.optional() })
  .refine((v) => (v.reportId === undefined) !== (v.token === undefined), { error: "Give either reportId or token", path: ["reportId"] });
export type UnfollowInput = z.infer<typeof unfollowInput>;

export const unfollowLinkInput = z.object({ token: unfollowToken });
