/**
 * Every word the UI shows for a code: statuses, categories, severities, priorities, timeline
 * entries, reasons, actions, background-work progress and client-side error messages. One keyed map
 * per vocabulary and no `switch` in components, so the set moves to message catalogs mechanically.
 * A code with no label is shown through `labelOf`, which falls back to a readable form of the code
 * ("water_supply" → "Water supply") rather than the raw code.
 */
import { ACTION_LABELS, REJECT_REASON_LABELS } from "@/shared/moderation-catalog";
import { CATEGORY_LABELS, STATUS_LABELS } from "@/shared/report-catalog";

export { ACTION_LABELS, CATEGORY_LABELS, REJECT_REASON_LABELS, STATUS_LABELS };

export const SEVERITY_LABELS: Record<string, string> = { low: "Low", medium: "Medium", high: "High", critical: "Critical" };
export const SEVERITY_HINTS: Record<string, string> = {
  low: "An inconvenience",
  medium: "Needs fixing soon",
  high: "Affects many people",
  critical: "Danger to life or property",
};
export const PRIORITY_LABELS: Record<string, string> = { low: "Low priority", normal: "Normal priority", high: "High priority", urgent: "Urgent" };

export const ROLE_LABELS: Record<string, string> = { citizen: "Citizen", moderator: "Moderator", admin: "Admin", system: "CivicLens" };
export const ACCOUNT_STATUS_LABELS: Record<string, string> = { active: "Active", suspended: "Suspended" };

/** A timeline entry's heading; `timelineEntryText` adds what changed where the entry records it. */
export const TIMELINE_KIND_LABELS: Record<string, string> = {
  submitted: "Report submitted",
  triaged: "Sorted automatically",
  status_changed: "Status changed",
  category_changed: "Category changed",
  note: "Note from the team",
  priority_changed: "Priority changed",
};

/** Background work as a citizen reads it: what it is for, and plain progress. */
export const CITIZEN_WORK_LABELS: Record<string, string> = {
  "award-reputation": "Adding your reputation points",
  "triage-report": "Checking your report",
  "record-audit": "Keeping a record",
  "notify-reporter": "Letting you know",
  "notify-followers": "Letting followers know",
  "recompute-priority": "Updating the priority",
  "support-milestones": "Counting support",
};
export const CITIZEN_PROGRESS_LABELS: Record<string, string> = {
  queued: "Waiting to start",
  running: "In progress",
  retrying: "In progress",
  completed: "Done",
  failed: "Could not finish; the team has been told",
  stale: "Could not finish; the team has been told",
};

/** Background work as staff read it: the function's name, with its status, timing and error kept. */
export const STAFF_WORK_LABELS: Record<string, string> = {
  "award-reputation": "Reputation points (award-reputation)",
  "triage-report": "Automatic sorting (triage-report)",
  "record-audit": "Audit record (record-audit)",
  "notify-reporter": "Notification to the reporter (notify-reporter)",
  "notify-followers": "Notifications to followers (notify-followers)",
  "recompute-priority": "Priority update (recompute-priority)",
  "support-milestones": "Support milestones (support-milestones)",
};

/** Why reputation points were given or taken, on the profile. */
export const REPUTATION_REASON_LABELS: Record<string, string> = {
  report_filed: "Filed a report",
  report_acknowledged: "Report acknowledged by the city",
  report_rejected_spam: "Report rejected as spam",
  support_milestone_5: "5 residents supported your report",
  support_milestone_25: "25 residents supported your report",
  support_milestone_100: "100 residents supported your report",
};

export const NOTIFICATION_PREF_LABELS = {
  auto: "Email if verified, otherwise SMS",
  email: "Email (SMS until your email is verified)",
  sms: "SMS only",
  none: "Don't notify me",
} as const;

/** What a form says on the client before anything is sent; the server's own messages are plain words too. */
export const FORM_MESSAGES = {
  required: "Fill in this field",
  titleShort: "Say what the problem is in at least 5 characters",
  descriptionShort: "Describe the problem in at least 10 characters",
  locationMissing: "Choose the location on the map or type its coordinates",
  latitudeInvalid: "Type a latitude between -90 and 90, e.g. 12.9716",
  longitudeInvalid: "Type a longitude between -180 and 180, e.g. 77.5946",
  phoneInvalid: "Enter a valid mobile number, e.g. +91 98765 43210",
  codeInvalid: "Enter the 6-digit code from the text message",
  codeRejected: "That code is not valid or has expired. Check it, or ask for a new one.",
  addressLong: "Keep the landmark or address under 300 characters",
  reasonMissing: "Say why, for the audit log",
  noteMissing: "Write a note for the reporter",
  duplicateMissing: "Type the reference of the report this one repeats, e.g. CL-2026-000123",
  noAnswer: "CivicLens did not answer. Check your connection and try again.",
  unknown: "Something went wrong. Please try again.",
  summaryHeading: "Please fix the following:",
  geoUnsupported: "This browser cannot share its location. Type the coordinates or choose a point on the map.",
  geoDenied: "Location permission was refused. Type the coordinates or choose a point on the map.",
  geoFailed: "Could not get your location. Type the coordinates or choose a point on the map.",
} as const;

/** "water_supply" → "Water supply": the last resort for a code no map knows yet. */
export function humanize(code: string): string {
  const words = code.replace(/[_-]+/g, " ").trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : code;
}

export function labelOf(map: Record<string, string>, code: string | null | undefined): string {
  if (!code) return "";
  return map[code] ?? humanize(code);
}

export interface TimelineChange {
  category?: { from: string | null; to: string | null };
  severity?: { from: string | null; to: string | null };
  priority?: { from: string | null; to: string | null };
}

/** "Category changed from Roads & potholes to Garbage & sanitation": the entry's heading in words. */
export function timelineEntryText(kind: string, change: TimelineChange | null | undefined): string {
  const fromTo = (map: Record<string, string>, c: { from: string | null; to: string | null }) =>
    c.from ? `from ${labelOf(map, c.from)} to ${labelOf(map, c.to)}` : `to ${labelOf(map, c.to)}`;
  if (kind === "category_changed" && change) {
    const parts: string[] = [];
    if (change.category && change.category.from !== change.category.to) parts.push(`Category changed ${fromTo(CATEGORY_LABELS, change.category)}`);
    if (change.severity && change.severity.from !== change.severity.to) parts.push(`Severity changed ${fromTo(SEVERITY_LABELS, change.severity)}`);
    if (parts.length) return parts.join("; ");
  }
  if (kind === "priority_changed" && change?.priority) return `Priority changed ${fromTo(PRIORITY_LABELS, change.priority)}`;
  return labelOf(TIMELINE_KIND_LABELS, kind);
}
