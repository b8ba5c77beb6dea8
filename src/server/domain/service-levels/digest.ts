import "server-only";
import type { ServiceLevelStage } from "@/shared/service-level-catalog";

export interface OverdueItem {
  reportId: string;
  ref: string;
  title: string;
  category: string | null;
  stage: ServiceLevelStage;
  deadline: Date;
}

export interface DigestGroup {
  stage: ServiceLevelStage;
  items: OverdueItem[];
}

/**
 * The hour's newly overdue reports as one digest: not yet acknowledged first (the citizen has heard
 * nothing), then not yet resolved; in each, the longest overdue first. A report overdue at both
 * stages in the same hour appears under each.
 */
export function groupDigest(items: readonly OverdueItem[]): DigestGroup[] {
  const groups: DigestGroup[] = [];
  for (const stage of ["acknowledge", "resolve"] as const) {
    const of = items.filter((i) => i.stage === stage).sort((a, b) => a.deadline.getTime() - b.deadline.getTime() || a.ref.localeCompare(b.ref));
    if (of.length > 0) groups.push({ stage, items: of });
  }
  return groups;
}

/** The hour a digest covers: the start of the UTC hour of `at`. Its key makes one digest per hour per moderator. */
export function digestHour(at: Date): Date {
  const hour = new Date(at);
  hour.setUTCMinutes(0, 0, 0);
  return hour;
}
