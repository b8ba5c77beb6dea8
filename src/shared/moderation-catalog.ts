/** Moderation vocabulary shared by the API, the domain and the admin UI (no server imports: the browser loads it). */
export const REJECT_REASONS = ["spam", "invalid", "out_of_scope", "abusive", "not_actionable"] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** The status each status-changing action leads to; recategorize keeps the status. */
export const ACTION_TARGET = {
  acknowledge: "acknowledged",
  start: "in_progress",
  resolve: "resolved",
  reject: "rejected",
  duplicate: "duplicate",
} as const;
