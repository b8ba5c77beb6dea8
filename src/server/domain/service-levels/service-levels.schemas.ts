import "server-only";
import { z } from "zod";
import { CATEGORIES } from "@/shared/report-catalog";
import { COMPLIANCE_WINDOWS, MAX_ACKNOWLEDGE_HOURS, MAX_RESOLVE_DAYS, SERVICE_LEVEL_PRIORITIES } from "@/shared/service-level-catalog";

const whole = (field: string, max: number, unit: string) =>
  z
    .number({ error: `${field} must be a number of ${unit}` })
    .int(`${field} must be a whole number of ${unit}`)
    .min(1, `${field} must be at least 1`)
    .max(max, `${field} must be at most ${max} ${unit} (a year)`);

/** serviceLevels.set: one target, bounded to more than nothing and at most a year. */
export const setServiceLevelInput = z.object({
  category: z.enum(CATEGORIES, { error: `category must be one of ${CATEGORIES.join(", ")}` }),
  priority: z.enum(SERVICE_LEVEL_PRIORITIES, { error: `priority must be one of ${SERVICE_LEVEL_PRIORITIES.join(", ")}` }).default("any"),
  acknowledgeHours: whole("acknowledgeHours", MAX_ACKNOWLEDGE_HOURS, "hours"),
  resolveDays: whole("resolveDays", MAX_RESOLVE_DAYS, "days"),
});
export type SetServiceLevelInput = z.infer<typeof setServiceLevelInput>;

/** serviceLevels.compliance: over the last 7, 30 or 90 days. */
export const complianceInput = z
  .object({
    days: z.union(
      COMPLIANCE_WINDOWS.map((d) => z.literal(d)),
      { error: `days must be one of ${COMPLIANCE_WINDOWS.join(", ")}` },
    ),
  })
  .default({ days: 30 });
export type ComplianceInput = z.infer<typeof complianceInput>;
