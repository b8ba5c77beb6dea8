/**
 * Rule-based priority from the citizen's severity, the (predicted or moderator-set) category
 * and the hazard flag. Pure and total: every input combination has one documented answer.
 *
 * Rules, applied in this order (each one that changes or confirms the outcome adds a reason):
 *  1. Base: severity low → low, medium → normal, high → high, critical → urgent.
 *  2. Hazard: a hazard raises the priority one level and to at least "high"
 *     (low → high, medium → high, high → urgent, critical → urgent). Citizens under-report danger
 *     more often than they over-report it, so the text outweighs the chosen severity upwards.
 *  3. Life-safety hazard: a hazard in public_safety or electricity (fire, gas, live wires, attacks)
 *     is always "urgent".
 *  4. Safety floor: a public_safety report is never below "normal", even without a hazard.
 *  5. Non-infrastructure cap: an `other` report without a hazard (certificates, tax, feedback) is
 *     capped at "normal": it needs an office, not a field crew, however severe it was marked.
 *  6. Support: every SUPPORTS_PER_LEVEL citizens who say "this affects me too" raise the priority
 *     one level, up to "urgent", on top of the rules above (the cap of rule 5 included: many
 *     residents affected makes even an office matter more pressing).
 *  7. Service level: every deadline the report missed (acknowledge, resolve) raises it one more
 *     level, up to "urgent" (domain/service-levels): a late report does not wait behind new ones.
 */
import type { Category } from "./classifier";

export type { Priority, Severity } from "../db/schema";
import type { Priority, Severity } from "../db/schema";

export const SEVERITIES: readonly Severity[] = ["low", "medium", "high", "critical"];
export const PRIORITIES: readonly Priority[] = ["low", "normal", "high", "urgent"];

const BASE: Record<Severity, Priority> = { low: "low", medium: "normal", high: "high", critical: "urgent" };
const LIFE_SAFETY: ReadonlySet<Category> = new Set<Category>(["public_safety", "electricity"]);

/** Rule 6: supports per level of priority. */
export const SUPPORTS_PER_LEVEL = 5;

const rank = (p: Priority) => PRIORITIES.indexOf(p);
const atRank = (r: number): Priority => PRIORITIES[Math.max(0, Math.min(PRIORITIES.length - 1, r))] as Priority;

export function prioritize(input: { severity: Severity; category: Category; hazard: boolean; supportCount?: number; missedDeadlines?: number }): {
  priority: Priority;
  reasons: string[];
} {
  const { severity, category, hazard } = input;
  const base = BASE[severity];
  if (base === undefined) throw new Error(`prioritize: unknown severity ${JSON.stringify(severity)}`);
  let priority = base;
  const reasons = [`severity ${severity} → ${base}`];

  if (hazard) {
    const raised = atRank(Math.max(rank(priority) + 1, rank("high")));
    reasons.push(`hazard detected → ${raised}`);
    priority = raised;
    if (LIFE_SAFETY.has(category) && priority !== "urgent") {
      priority = "urgent";
      reasons.push(`life-safety hazard (${category}) → urgent`);
    }
  } else if (category === "public_safety" && rank(priority) < rank("normal")) {
    priority = "normal";
    reasons.push("public_safety reports are at least normal");
  } else if (category === "other" && rank(priority) > rank("normal")) {
    priority = "normal";
    reasons.push("non-infrastructure (other) report without hazard capped at normal");
  }

  const levels = Math.floor(Math.max(0, input.supportCount ?? 0) / SUPPORTS_PER_LEVEL);
  if (levels > 0 && priority !== "urgent") {
    priority = atRank(rank(priority) + levels);
    reasons.push(`${input.supportCount} supports → ${priority}`);
  }
  const missed = Math.max(0, input.missedDeadlines ?? 0);
  if (missed > 0 && priority !== "urgent") {
    priority = atRank(rank(priority) + missed);
    reasons.push(`${missed} missed service-level deadline${missed === 1 ? "" : "s"} → ${priority}`);
  }
  return { priority, reasons };
}
