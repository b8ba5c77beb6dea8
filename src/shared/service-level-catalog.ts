/**
 * Service levels' vocabulary and bounds (issue 18), shared by the API, the admin page and the
 * database checks (migration 0021): a target is at least 1 and at most a year.
 */
export const MAX_ACKNOWLEDGE_HOURS = 8760;
export const MAX_RESOLVE_DAYS = 365;

/** `any` is a category's default; a priority's own row, when set, wins for reports of that priority. */
export const SERVICE_LEVEL_PRIORITIES = ["any", "low", "normal", "high", "urgent"] as const;
export type ServiceLevelPriority = (typeof SERVICE_LEVEL_PRIORITIES)[number];

export const SERVICE_LEVEL_STAGES = ["acknowledge", "resolve"] as const;
export type ServiceLevelStage = (typeof SERVICE_LEVEL_STAGES)[number];

/** The compliance windows the admin page switches between. */
export const COMPLIANCE_WINDOWS = [7, 30, 90] as const;
export type ComplianceWindow = (typeof COMPLIANCE_WINDOWS)[number];
