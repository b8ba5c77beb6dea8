/** Who an account is to CivicLens: the API tiers, the admin pages and the header all decide by it. */
export const ROLES = ["citizen", "moderator", "admin"] as const;
export type Role = (typeof ROLES)[number];
