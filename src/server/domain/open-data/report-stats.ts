import "server-only";
import { sql } from "kysely";
import type { Executor } from "../../db/client";
import { TIME_ZONE } from "@/i18n/formats";

export type StatsPeriod = "week" | "month";

/** How far back each grouping reaches: a quarter by week, a year by month. */
const PERIODS: Record<StatsPeriod, { count: number; interval: string }> = {
  week: { count: 13, interval: "1 week" },
  month: { count: 12, interval: "1 month" },
};

export interface ReportStats {
  period: StatsPeriod;
  /** The first day of each period, oldest first (local dates in the site's time zone, yyyy-mm-dd). */
  periods: string[];
  /** Reports filed per category in each period, in the order of `periods`; categories with none left out. */
  byCategory: { category: string; counts: number[] }[];
  /** What became of the reports filed in the whole span, and of those filed in each period (in the order of `periods`). */
  overall: Outcome;
  byPeriod: Outcome[];
}

/** How many reports were filed and resolved, and the median hours from filing to being taken on and to being resolved (null: none yet). */
export interface Outcome {
  total: number;
  resolved: number;
  medianHoursToAcknowledge: number | null;
  medianHoursToResolve: number | null;
}

const TAKEN_ON = sql.join(["acknowledged", "in_progress", "resolved"].map((s) => sql.lit(s)));

/**
 * The public statistics of the last `count` weeks or months (the current one included), by SQL
 * aggregates over public reports (rejected ones never count): filed per category and period, how
 * many are resolved, and the median time from filing to being taken on and to being resolved.
 */
export async function computeReportStats(db: Executor, period: StatsPeriod, now = new Date()): Promise<ReportStats> {
  const { count, interval } = PERIODS[period];
  const unit = sql.lit(period);
  const tz = sql.lit(TIME_ZONE);
  const localNow = sql`(${now}::timestamptz at time zone ${tz})`;
  const start = sql`(date_trunc(${unit}, ${localNow}) - (${sql.lit(count - 1)} * ${sql.lit(interval)}::interval))`;
  const since = sql`(${start} at time zone ${tz})`;
  const periods = await sql<{ p: string }>`
    select to_char(g, 'YYYY-MM-DD') as p
    from generate_series(${start}, date_trunc(${unit}, ${localNow}), ${sql.lit(interval)}::interval) g
    order by g
  `.execute(db);
  const counts = await sql<{ p: string; category: string | null; n: number | string }>`
    select to_char(date_trunc(${unit}, created_at at time zone ${tz}), 'YYYY-MM-DD') as p, category, count(*) as n
    from reports
    where status <> 'rejected' and created_at >= ${since}
    group by 1, 2
  `.execute(db);
  const local = sql`to_char(date_trunc(${unit}, created_at at time zone ${tz}), 'YYYY-MM-DD')`;
  const outcomes = await sql<{ p: string | null; total: number | string; resolved: number | string; ack: number | null; res: number | null }>`
    with span as (
      select ${local} as p, reports.status, reports.created_at,
             (select min(u.created_at) from report_updates u where u.report_id = reports.id and u.to_status in (${TAKEN_ON})) as acknowledged_at,
             (select min(u.created_at) from report_updates u where u.report_id = reports.id and u.to_status = 'resolved') as resolved_at
      from reports
      where status <> 'rejected' and created_at >= ${since}
    )
    select p, count(*) as total, count(*) filter (where status = 'resolved') as resolved,
           percentile_cont(0.5) within group (order by extract(epoch from acknowledged_at - created_at)) filter (where acknowledged_at is not null) / 3600 as ack,
           percentile_cont(0.5) within group (order by extract(epoch from resolved_at - created_at)) filter (where resolved_at is not null) / 3600 as res
    from span
    group by grouping sets ((p), ())
  `.execute(db);
  const labels = periods.rows.map((r) => r.p);
  const index = new Map(labels.map((p, i) => [p, i]));
  const byCategory = new Map<string, number[]>();
  for (const r of counts.rows) {
    const key = r.category ?? "uncategorised";
    const row = byCategory.get(key) ?? labels.map(() => 0);
    const i = index.get(r.p);
    if (i !== undefined) row[i] = Number(r.n);
    byCategory.set(key, row);
  }
  const hours = (v: number | string | null) => (v === null ? null : Math.round(Number(v) * 10) / 10);
  const outcome = (r: (typeof outcomes.rows)[number] | undefined): Outcome => ({
    total: Number(r?.total ?? 0),
    resolved: Number(r?.resolved ?? 0),
    medianHoursToAcknowledge: hours(r?.ack ?? null),
    medianHoursToResolve: hours(r?.res ?? null),
  });
  const perPeriod = new Map(outcomes.rows.filter((r) => r.p !== null).map((r) => [r.p!, r]));
  return {
    period,
    periods: labels,
    byCategory: [...byCategory].map(([category, c]) => ({ category, counts: c })).sort((a, b) => a.category.localeCompare(b.category)),
    overall: outcome(outcomes.rows.find((r) => r.p === null)),
    byPeriod: labels.map((p) => outcome(perPeriod.get(p))),
  };
}

/** How long figures are served from memory before they are counted again: the page is a public one and the counts are city-wide. */
export const STATS_CACHE_MS = 5 * 60 * 1000;
const cache = new Map<string, { until: number; value: Promise<ReportStats> }>();

/** computeReportStats, shared by every visitor for STATS_CACHE_MS (a failed count is not kept). */
export function reportStats(db: Executor, period: StatsPeriod, now = Date.now()): Promise<ReportStats> {
  const hit = cache.get(period);
  if (hit && hit.until > now) return hit.value;
  const value = computeReportStats(db, period);
  cache.set(period, { until: now + STATS_CACHE_MS, value });
  value.catch(() => cache.delete(period));
  return value;
}
