import { validate as isUuid } from "uuid";
import { CATEGORIES, SEVERITIES } from "@/shared/report-catalog";

/**
 * The report a citizen is writing, kept in the tab's sessionStorage so a reload does not lose it:
 * after a lost answer a citizen often reloads before sending again, and the draft keeps the
 * submission key with the text, so that send still files the report once (ADR 0010). Kept per
 * account, and dropped on sign-out, when the report is filed, and when the tab closes.
 */
export interface ReportDraft {
  title: string;
  description: string;
  severity: (typeof SEVERITIES)[number];
  /** "" when the citizen lets CivicLens decide. */
  category: string;
  address: string;
  /** As typed, so half-typed coordinates come back as they were. */
  latitude: string;
  longitude: string;
  submissionKey: string;
}

type DraftStorage = Pick<Storage, "getItem" | "setItem" | "removeItem" | "key" | "length">;

/** Each account's draft is kept under this prefix and its id. */
export const DRAFT_KEY_PREFIX = "civiclens:report-draft:";
const TEXT_FIELDS = ["title", "description", "address", "latitude", "longitude"] as const;

/** The tab's sessionStorage, or none where the browser refuses it (some private modes) or on the server. */
export function draftStorage(): DraftStorage | null {
  try {
    return typeof window === "undefined" ? null : window.sessionStorage;
  } catch {
    return null;
  }
}

/** True when the citizen has typed or chosen anything: an untouched form is not worth keeping. */
function hasContent(d: Omit<ReportDraft, "submissionKey" | "severity">): boolean {
  return TEXT_FIELDS.some((f) => d[f].trim() !== "") || d.category !== "";
}

/** The account's kept draft, or null when there is none or what is stored is not a draft. */
export function readDraft(storage: DraftStorage | null, ownerId: string): ReportDraft | null {
  let value: unknown;
  try {
    value = JSON.parse(storage?.getItem(DRAFT_KEY_PREFIX + ownerId) ?? "null");
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const d = value as Record<string, unknown>;
  if (!TEXT_FIELDS.every((f) => typeof d[f] === "string")) return null;
  if (!SEVERITIES.includes(d.severity as ReportDraft["severity"])) return null;
  if (d.category !== "" && !CATEGORIES.includes(d.category as (typeof CATEGORIES)[number])) return null;
  if (typeof d.submissionKey !== "string" || !isUuid(d.submissionKey)) return null;
  const draft = value as ReportDraft;
  return hasContent(draft) ? draft : null;
}

/** Keeps the draft, or drops it when the form is untouched. A full or refused storage only costs the reload. */
export function writeDraft(storage: DraftStorage | null, ownerId: string, draft: ReportDraft): void {
  try {
    if (hasContent(draft)) storage?.setItem(DRAFT_KEY_PREFIX + ownerId, JSON.stringify(draft));
    else storage?.removeItem(DRAFT_KEY_PREFIX + ownerId);
  } catch {
    // Quota exceeded or storage disabled: the form still works, it just does not survive a reload.
  }
}

export function clearDraft(storage: DraftStorage | null, ownerId: string): void {
  try {
    storage?.removeItem(DRAFT_KEY_PREFIX + ownerId);
  } catch {
    // As writeDraft.
  }
}

/** On sign-out: what was typed under the account does not stay in the tab. */
export function clearAllDrafts(storage: DraftStorage | null): void {
  if (!storage) return;
  try {
    const keys: string[] = [];
    for (let i = 0; i < storage.length; i++) {
      const k = storage.key(i);
      if (k?.startsWith(DRAFT_KEY_PREFIX)) keys.push(k);
    }
    for (const k of keys) storage.removeItem(k);
  } catch {
    // As writeDraft.
  }
}
