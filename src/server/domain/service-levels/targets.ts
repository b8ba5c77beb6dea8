import "server-only";
import type { DB, Executor } from "../../db/client";
import { recordAudit } from "../audit";
import type { ServiceLevelPriority } from "@/shared/service-level-catalog";
import type { ServiceLevelTarget } from "./deadlines";
import type { SetServiceLevelInput } from "./service-levels.schemas";

/** Every target in force, category then priority (`any` first). Public: citizens may know what to expect. */
export async function listServiceLevels(db: Executor): Promise<(ServiceLevelTarget & { updatedAt: Date })[]> {
  const rows = await db
    .selectFrom("service_levels")
    .select(["category", "priority", "acknowledge_hours", "resolve_days", "updated_at"])
    .orderBy("category")
    .orderBy((eb) => eb.case().when("priority", "=", "any").then(0).when("priority", "=", "low").then(1).when("priority", "=", "normal").then(2).when("priority", "=", "high").then(3).else(4).end())
    .execute();
  return rows.map((r) => ({
    category: r.category,
    priority: r.priority as ServiceLevelPriority,
    acknowledgeHours: r.acknowledge_hours,
    resolveDays: r.resolve_days,
    updatedAt: r.updated_at,
  }));
}

export interface ServiceLevelActor {
  id: string;
  ip?: string | null;
  userAgent?: string | null;
}

/**
 * An admin sets one target (a category's default, or its own for one priority): written and
 * audited in one transaction, with what it was before. Reports already filed keep the deadlines they
 * were given; the new target applies to reports filed from now on.
 */
export async function setServiceLevel(db: DB, actor: ServiceLevelActor, input: SetServiceLevelInput) {
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom("service_levels")
      .select(["acknowledge_hours", "resolve_days"])
      .where("category", "=", input.category)
      .where("priority", "=", input.priority)
      .forUpdate()
      .executeTakeFirst();
    const now = new Date();
    await trx
      .insertInto("service_levels")
      .values({ category: input.category, priority: input.priority, acknowledge_hours: input.acknowledgeHours, resolve_days: input.resolveDays, updated_by: actor.id, updated_at: now })
      .onConflict((oc) =>
        oc.columns(["category", "priority"]).doUpdateSet({ acknowledge_hours: input.acknowledgeHours, resolve_days: input.resolveDays, updated_by: actor.id, updated_at: now }),
      )
      .execute();
    const from = before ? { acknowledgeHours: before.acknowledge_hours, resolveDays: before.resolve_days } : null;
    const to = { acknowledgeHours: input.acknowledgeHours, resolveDays: input.resolveDays };
    await recordAudit(trx, {
      action: "service_level.set",
      actorId: actor.id,
      resourceType: "service_level",
      resourceId: `${input.category}:${input.priority}`,
      description: `${input.category} (${input.priority}): acknowledge within ${to.acknowledgeHours} h, resolve within ${to.resolveDays} d`,
      metadata: { category: input.category, priority: input.priority, from, to },
      ip: actor.ip ?? null,
      userAgent: actor.userAgent ?? null,
    });
    return { category: input.category, priority: input.priority, ...to, previous: from };
  });
}
