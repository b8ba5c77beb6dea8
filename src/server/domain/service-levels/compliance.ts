import "server-only";
import { sql } from "kysely";
import type { Executor } from "../../db/client";
import type { ComplianceWindow, ServiceLevelStage } from "@/shared/service-level-catalog";
import { onTimePercent } from "./statistics";

const DAY_MS = 86_400_000;
const OVERDUE_LIMIT = 200;

export interface CategoryCompliance {
  category: string;
  filed: number;
  acknowledged: { onTimePercent: number | null; met: number; decided: number; medianHours: number | null; p90Hours: number | null };
  resolved: { onTimePercent: number | null; met: number; decided: number; medianHours: number | null; p90Hours: number | null };
}

export interface OverdueReport {
  reportId: string;
  ref: string;
  title: string;
  category: string | null;
  status: string;
  priority: string | null;
  stage: ServiceLevelStage;
  deadline: Date;
}

/**
 * Per category, over reports filed in the last `days` days that carry deadlines: the share
 * acknowledged and resolved on time among those decided (reached, or past the deadline), and the
 * median and 90th percentile hours to each. When a stage was reached comes from the record
 * track-service-level wrote, else from the timeline (a change it has not recorded yet). A report
 * rejected or marked a duplicate counts as answered, and not for or against the resolve target.
 */
export async function serviceLevelCompliance(db: Executor, days: ComplianceWindow, now: Date = new Date()) {
  const since = new Date(now.getTime() - days * DAY_MS);
  const rows = await sql<{
    category: string;
    filed: number;
    ack_met: number;
    ack_decided: number;
    res_met: number;
    res_decided: number;
    ack_p50: number | null;
    ack_p90: number | null;
    res_p50: number | null;
    res_p90: number | null;
  }>`
    with r as (
      select coalesce(r.category, 'other') as category, r.created_at, r.acknowledge_by, r.resolve_by, r.status,
        coalesce(r.acknowledged_at, (select min(u.created_at) from report_updates u where u.report_id = r.id
          and u.to_status in ('acknowledged', 'in_progress', 'resolved', 'rejected', 'duplicate'))) as ack_at,
        coalesce(r.resolved_at, (select min(u.created_at) from report_updates u where u.report_id = r.id and u.to_status = 'resolved')) as res_at
      from reports r
      where r.acknowledge_by is not null and r.created_at >= ${since}
    )
    select category,
      count(*)::int as filed,
      (count(*) filter (where ack_at <= acknowledge_by))::int as ack_met,
      (count(*) filter (where ack_at is not null or acknowledge_by < ${now}))::int as ack_decided,
      (count(*) filter (where res_at <= resolve_by))::int as res_met,
      (count(*) filter (where status not in ('rejected', 'duplicate') and (res_at is not null or resolve_by < ${now})))::int as res_decided,
      (percentile_cont(0.5) within group (order by extract(epoch from ack_at - created_at)) filter (where ack_at is not null))::float8 / 3600 as ack_p50,
      (percentile_cont(0.9) within group (order by extract(epoch from ack_at - created_at)) filter (where ack_at is not null))::float8 / 3600 as ack_p90,
      (percentile_cont(0.5) within group (order by extract(epoch from res_at - created_at)) filter (where res_at is not null))::float8 / 3600 as res_p50,
      (percentile_cont(0.9) within group (order by extract(epoch from res_at - created_at)) filter (where res_at is not null))::float8 / 3600 as res_p90
    from r group by category order by category
  `.execute(db);
  const hours = (v: number | string | null) => (v === null ? null : Math.round(Number(v) * 10) / 10);
  const categories: CategoryCompliance[] = rows.rows.map((r) => ({
    category: r.category,
    filed: Number(r.filed),
    acknowledged: {
      onTimePercent: onTimePercent(Number(r.ack_met), Number(r.ack_decided)),
      met: Number(r.ack_met),
      decided: Number(r.ack_decided),
      medianHours: hours(r.ack_p50),
      p90Hours: hours(r.ack_p90),
    },
    resolved: {
      onTimePercent: onTimePercent(Number(r.res_met), Number(r.res_decided)),
      met: Number(r.res_met),
      decided: Number(r.res_decided),
      medianHours: hours(r.res_p50),
      p90Hours: hours(r.res_p90),
    },
  }));
  return { days, since, categories, overdue: await listOverdue(db, now) };
}

/**
 * Open reports past a deadline they have not met, the longest overdue first: not acknowledged past
 * the acknowledge deadline, or not resolved past the resolve one (the earlier of the two it missed).
 */
export async function listOverdue(db: Executor, now: Date = new Date(), limit = OVERDUE_LIMIT): Promise<OverdueReport[]> {
  const rows = await db
    .selectFrom("reports")
    .select(["id", "ref", "title", "category", "status", "priority", "acknowledge_by", "resolve_by"])
    .where("status", "in", ["submitted", "under_review", "acknowledged", "in_progress"])
    .where(sql<Date>`least(acknowledge_by, resolve_by)`, "<", now)
    .orderBy(sql`least(acknowledge_by, resolve_by)`)
    .limit(limit * 2)
    .execute();
  const out: OverdueReport[] = [];
  for (const r of rows) {
    const unacknowledged = r.status === "submitted" || r.status === "under_review";
    const ack = unacknowledged && r.acknowledge_by && r.acknowledge_by < now ? r.acknowledge_by : null;
    const res = r.resolve_by && r.resolve_by < now ? r.resolve_by : null;
    const stage: ServiceLevelStage | null = ack && (!res || ack <= res) ? "acknowledge" : res ? "resolve" : null;
    if (!stage) continue;
    out.push({ reportId: r.id, ref: r.ref, title: r.title, category: r.category, status: r.status, priority: r.priority, stage, deadline: (stage === "acknowledge" ? ack : res)! });
    if (out.length >= limit) break;
  }
  return out;
}
