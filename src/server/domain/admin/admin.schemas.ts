import "server-only";
import { z } from "zod";
// The action list is part of the event contract (report/status.changed carries it), so it is defined there once.
import { MODERATION_ACTIONS } from "@/shared/events";
import { dateInput } from "../input.schemas";
import { degrees } from "../reports/report.schemas";
import { schemaMessage } from "../server-messages";
import { CATEGORIES, PRIORITIES, SEVERITIES, STATUSES } from "@/shared/report-catalog";
import { REJECT_REASONS } from "@/shared/moderation-catalog";
import { ROLES } from "@/shared/roles";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuid = (field: string) => z.string().trim().regex(UUID, `${field} must be an id`);
const limit = z.number().int().min(1, "limit must be at least 1").max(100, "limit must be at most 100").default(25);
const cursor = z.string().max(400, "cursor is not valid").optional();

export const queueInput = z
  .object({
    status: z.enum(STATUSES, { error: `status must be one of ${STATUSES.join(", ")}` }).optional(),
    category: z.enum(CATEGORIES, { error: `category must be one of ${CATEGORIES.join(", ")}` }).optional(),
    severity: z.enum(SEVERITIES, { error: `severity must be one of ${SEVERITIES.join(", ")}` }).optional(),
    priority: z.enum(PRIORITIES, { error: `priority must be one of ${PRIORITIES.join(", ")}` }).optional(),
    from: dateInput.optional(),
    to: dateInput.optional(),
    sort: z.enum(["priority", "age"]).default("priority"),
    bodyId: uuid("bodyId").optional(),
    /** Only reports with a close or reopen request waiting (list-queue.ts). */
    withRequest: z.boolean({ error: "withRequest must be true or false" }).optional(),
    cursor,
    limit,
  })
  .default({ sort: "priority", limit: 25 });
export type QueueInput = z.infer<typeof queueInput>;

/** What every moderation action may carry; which fields an action needs is checked in the domain. */
const actionFields = {
  action: z.enum(MODERATION_ACTIONS, { error: `action must be one of ${MODERATION_ACTIONS.join(", ")}` }),
  note: z.string().trim().max(2000, "note must be at most 2000 characters").optional(),
  rejectReason: z.enum(REJECT_REASONS, { error: `rejectReason must be one of ${REJECT_REASONS.join(", ")}` }).optional(),
  category: z.enum(CATEGORIES, { error: `category must be one of ${CATEGORIES.join(", ")}` }).optional(),
  severity: z.enum(SEVERITIES, { error: `severity must be one of ${SEVERITIES.join(", ")}` }).optional(),
  duplicateOf: z.string().trim().max(60).optional(),
};
// reports.version is a PostgreSQL integer: a larger number would fail the query, not the input.
const version = z.number({ error: "version is required" }).int().min(1, "version must be at least 1").max(2_147_483_647, "version is not valid");

export const moderateInput = z.object({ reportId: uuid("reportId"), version, ...actionFields });
export type ModerateInput = z.infer<typeof moderateInput>;
export type ModerationAction = ModerateInput["action"];

/**
 * A moderator's correction of where a report is: the new point (degrees rounded to a centimetre, as
 * a filing's are), on the version the moderator saw, with an optional note for the timeline.
 */
export const moveReportInput = z.object({
  reportId: uuid("reportId"),
  version,
  latitude: z
    .number({ error: schemaMessage("latitudeNotNumber") })
    .min(-90, schemaMessage("latitudeRange"))
    .max(90, schemaMessage("latitudeRange"))
    .transform(degrees),
  longitude: z
    .number({ error: schemaMessage("longitudeNotNumber") })
    .min(-180, schemaMessage("longitudeRange"))
    .max(180, schemaMessage("longitudeRange"))
    .transform(degrees),
  note: actionFields.note,
});
export type MoveReportInput = z.infer<typeof moveReportInput>;

export const moderateBulkInput = z.object({
  items: z
    .array(z.object({ reportId: uuid("reportId"), version }))
    .min(1, "choose at least one report")
    .max(50, "at most 50 reports at a time"),
  ...actionFields,
});
export type ModerateBulkInput = z.infer<typeof moderateBulkInput>;

export const auditLogInput = z
  .object({
    action: z.string().trim().max(100).optional(),
    actorId: uuid("actorId").optional(),
    resourceId: z.string().trim().max(100).optional(),
    from: dateInput.optional(),
    to: dateInput.optional(),
    cursor,
    limit,
  })
  .default({ limit: 25 });
export type AuditLogInput = z.infer<typeof auditLogInput>;

export const usersInput = z.object({ query: z.string().trim().max(100).optional(), limit }).default({ limit: 25 });
export const setRoleInput = z.object({ userId: uuid("userId"), role: z.enum(ROLES, { error: "role must be citizen, moderator or admin" }) });
export const deadLetterIdInput = z.object({ id: uuid("id") });
export const setStatusInput = z.object({
  userId: uuid("userId"),
  status: z.enum(["active", "suspended"], { error: "status must be active or suspended" }),
  reason: z.string().trim().min(3, schemaMessage("reasonShort")).max(500, schemaMessage("reasonLong")),
});
