import "server-only";
import type { DB, Tx } from "../../db/client";
import { reportPriority } from "../reports/priority";
import type { ServiceLevelStage } from "@/shared/service-level-catalog";
import { deadlinesFrom, targetFor } from "./deadlines";
import { endsWithoutResolution, meetsStage } from "./stages";
import { listServiceLevels } from "./targets";

export interface TrackedDeadlines {
  acknowledgeBy: string;
  resolveBy: string;
}

/**
 * The report's deadlines from the targets in force: written once, at its first call after filing
 * (a retried or redelivered call finds them and returns them unchanged). The target is the report's
 * category's (the citizen's choice at filing; `other` when none) for its priority by the one rule
 * (domain/reports/priority.ts), counted from when it was filed. Null when the report is gone.
 */
export async function setDeadlines(db: DB, reportId: string): Promise<TrackedDeadlines | null> {
  return db.transaction().execute(async (trx) => {
    const report = await trx
      .selectFrom("reports")
      .select(["created_at", "category", "severity", "hazard", "support_count", "priority", "acknowledge_by", "resolve_by"])
      .where("id", "=", reportId)
      .forUpdate()
      .executeTakeFirst();
    if (!report) return null;
    if (report.acknowledge_by && report.resolve_by) return { acknowledgeBy: report.acknowledge_by.toISOString(), resolveBy: report.resolve_by.toISOString() };
    const priority = report.priority ?? reportPriority(report).priority;
    const target = targetFor(await listServiceLevels(trx), report.category, priority);
    if (!target) return null;
    const { acknowledgeBy, resolveBy } = deadlinesFrom(report.created_at, target);
    await trx.updateTable("reports").set({ acknowledge_by: acknowledgeBy, resolve_by: resolveBy }).where("id", "=", reportId).execute();
    return { acknowledgeBy: acknowledgeBy.toISOString(), resolveBy: resolveBy.toISOString() };
  });
}

export type SettleResult =
  | { outcome: "met" | "late"; reachedAt: string }
  | { outcome: "pending" | "not-applicable" | "gone" }
  | { outcome: "breached"; priority: { from: string | null; to: string | null } }
  | { outcome: "already-breached" };

/**
 * One stage's verdict once its wait ended (a status change that meets it, or the deadline): the
 * timeline says whether and when the report reached it, which is recorded met or late. Not reached
 * and past the deadline is a breach, which happens once per report and stage whatever calls again (the
 * breach row's primary key): the report counts one more missed deadline, its priority is raised by
 * the priority rule that counts them, a public timeline entry records it, and the breach waits for
 * the moderators' next hourly digest.
 */
export async function settleStage(db: DB, reportId: string, stage: ServiceLevelStage, now: Date = new Date()): Promise<SettleResult> {
  return db.transaction().execute(async (trx) => {
    const report = await trx
      .selectFrom("reports")
      .select(["status", "severity", "category", "hazard", "support_count", "priority", "service_level_breaches", "acknowledge_by", "resolve_by"])
      .where("id", "=", reportId)
      .forUpdate()
      .executeTakeFirst();
    if (!report) return { outcome: "gone" };
    const deadline = stage === "acknowledge" ? report.acknowledge_by : report.resolve_by;
    if (!deadline) return { outcome: "not-applicable" };

    const reached = await recordReached(trx, reportId);
    const at = reached[stage];
    if (at) {
      if (stage === "resolve" && endsWithoutResolution(at.status)) return { outcome: "not-applicable" };
      return { outcome: at.at <= deadline ? "met" : "late", reachedAt: at.at.toISOString() };
    }
    if (now < deadline) return { outcome: "pending" };

    const breach = await trx
      .insertInto("service_level_breaches")
      .values({ report_id: reportId, stage, deadline })
      .onConflict((oc) => oc.columns(["report_id", "stage"]).doNothing())
      .returning("report_id")
      .executeTakeFirst();
    if (!breach) return { outcome: "already-breached" };

    const missed = report.service_level_breaches + 1;
    // A report triage has not reached yet has no priority to raise; triage's own rule sets it.
    const to = report.priority === null ? null : reportPriority({ ...report, service_level_breaches: missed }).priority;
    await trx
      .updateTable("reports")
      .set({ service_level_breaches: missed, priority: to ?? report.priority, updated_at: now })
      .where("id", "=", reportId)
      .execute();
    await trx
      .insertInto("report_updates")
      .values({
        report_id: reportId,
        kind: "deadline_missed",
        from_status: null,
        to_status: null,
        actor_role: "system",
        note: `Missed its ${stage} target; priority ${to ?? "unchanged"}.`,
        metadata: JSON.stringify({ serviceLevel: { stage, deadline: deadline.toISOString() }, priority: { from: report.priority, to: to ?? report.priority } }),
        event_id: `service-level:${reportId}:${stage}`,
      })
      .onConflict((oc) => oc.column("event_id").where("event_id", "is not", null).doNothing())
      .execute();
    return { outcome: "breached", priority: { from: report.priority, to: to ?? report.priority } };
  });
}

type Reached = { at: Date; status: string };

/** When the report first reached each stage, by its timeline; written on the report the first time it is seen. */
async function recordReached(trx: Tx, reportId: string): Promise<Record<ServiceLevelStage, Reached | null>> {
  const changes = await trx
    .selectFrom("report_updates")
    .select(["to_status", "created_at"])
    .where("report_id", "=", reportId)
    .where("to_status", "is not", null)
    .orderBy("created_at")
    .execute();
  const first = (stage: ServiceLevelStage): Reached | null => {
    const c = changes.find((u) => u.to_status && meetsStage(stage, u.to_status));
    return c ? { at: c.created_at, status: c.to_status! } : null;
  };
  const reached = { acknowledge: first("acknowledge"), resolve: first("resolve") };
  const resolvedAt = reached.resolve && reached.resolve.status === "resolved" ? reached.resolve.at : null;
  if (reached.acknowledge || resolvedAt) {
    await trx
      .updateTable("reports")
      .set((eb) => ({
        acknowledged_at: eb.fn.coalesce("acknowledged_at", eb.val(reached.acknowledge?.at ?? null)),
        resolved_at: eb.fn.coalesce("resolved_at", eb.val(resolvedAt)),
      }))
      .where("id", "=", reportId)
      .execute();
  }
  return reached;
}
