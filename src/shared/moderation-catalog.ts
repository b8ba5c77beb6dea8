/** Moderation vocabulary shared by the API, the domain and the admin UI (no server imports: the browser loads it). */
export const REJECT_REASONS = ["spam", "invalid", "out_of_scope", "abusive", "not_actionable"] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];
export const REJECT_REASON_LABELS: Record<RejectReason, string> = {
  spam: "Spam",
  invalid: "Not a real problem / invalid",
  out_of_scope: "Not the city's responsibility",
  abusive: "Abusive content",
  not_actionable: "Not enough detail to act on",
};

/** The status each status-changing action leads to; recategorize keeps the status. */
export const ACTION_TARGET = {
  acknowledge: "acknowledged",
  start: "in_progress",
  resolve: "resolved",
  reject: "rejected",
  duplicate: "duplicate",
} as const;

export const ACTION_LABELS = {
  acknowledge: "Acknowledge",
  start: "Start work",
  resolve: "Resolve",
  reject: "Reject",
  duplicate: "Mark duplicate",
  recategorize: "Correct category/severity",
} as const;
