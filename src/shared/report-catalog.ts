/** The report vocabulary: the contract shared by the API, triage, the UI and the database checks. */
export const CATEGORIES = [
  "roads",
  "streetlights",
  "garbage",
  "water_supply",
  "drainage",
  "electricity",
  "trees_parks",
  "public_property",
  "public_safety",
  "environment",
  "other",
] as const;
export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_LABELS: Record<Category, string> = {
  roads: "Roads & potholes",
  streetlights: "Streetlights",
  garbage: "Garbage & sanitation",
  water_supply: "Water supply",
  drainage: "Drainage & sewage",
  electricity: "Electricity",
  trees_parks: "Trees & parks",
  public_property: "Public property",
  public_safety: "Public safety",
  environment: "Environment & pollution",
  other: "Other",
};

export const SEVERITIES = ["low", "medium", "high", "critical"] as const;
export const PRIORITIES = ["low", "normal", "high", "urgent"] as const;
export const STATUSES = ["submitted", "under_review", "acknowledged", "in_progress", "resolved", "rejected", "duplicate"] as const;
export type Status = (typeof STATUSES)[number];

export const STATUS_LABELS: Record<Status, string> = {
  submitted: "Submitted",
  under_review: "Under review",
  acknowledged: "Acknowledged",
  in_progress: "In progress",
  resolved: "Resolved",
  rejected: "Rejected",
  duplicate: "Duplicate",
};
