import "server-only";
import type { ServiceLevelPriority } from "@/shared/service-level-catalog";

export interface ServiceLevelTarget {
  category: string;
  priority: ServiceLevelPriority;
  acknowledgeHours: number;
  resolveDays: number;
}

export interface Deadlines {
  acknowledgeBy: Date;
  resolveBy: Date;
}

const HOUR_MS = 3_600_000;

/**
 * The target for a report: its category's row for its priority when an admin set one, else the
 * category's default (`any`), else the `other` category's default. Null only when no target exists at all.
 */
export function targetFor(targets: readonly ServiceLevelTarget[], category: string | null, priority: string | null): ServiceLevelTarget | null {
  const find = (c: string, p: string) => targets.find((t) => t.category === c && t.priority === p);
  const c = category ?? "other";
  return (priority ? find(c, priority) : undefined) ?? find(c, "any") ?? find("other", "any") ?? null;
}

/** The deadlines counted from the filing time: hours to acknowledge, days (of 24 hours) to resolve. */
export function deadlinesFrom(filedAt: Date, target: Pick<ServiceLevelTarget, "acknowledgeHours" | "resolveDays">): Deadlines {
  return {
    acknowledgeBy: new Date(filedAt.getTime() + target.acknowledgeHours * HOUR_MS),
    resolveBy: new Date(filedAt.getTime() + target.resolveDays * 24 * HOUR_MS),
  };
}
