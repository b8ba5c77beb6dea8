import { sql } from "kysely";
import { isValidPhoneNumber } from "libphonenumber-js/max";
import { beforeAll, describe, expect, it } from "vitest";
import { CITIZEN_PHONE_PREFIX, PROLIFIC_CITIZEN_PHONE, PROLIFIC_REPORTS } from "@root/scripts/city-catalog";
import { seedCity, type CitySummary } from "@root/scripts/seed-city";
import { prioritize, type Severity } from "@/server/triage/priority";
import type { Category } from "@/shared/report-catalog";
import { useTestDb } from "../support/test-db";

const db = useTestDb();
const center = { latitude: 12.9716, longitude: 77.5946 };
const one = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(db())).rows[0]!;
const indexes = async () => (await sql<{ name: string }>`select indexname as name from pg_indexes where tablename in ('reports', 'report_supports', 'report_follows', 'report_updates') order by 1`.execute(db())).rows.map((r) => r.name);

describe("seedCity (npm run db:seed -- --reports N)", () => {
  let summary: CitySummary;
  let indexesBefore: string[];
  beforeAll(async () => {
    indexesBefore = await indexes();
    summary = await seedCity(db(), { reports: 2_000, center });
  }, 120_000);

  it("files the reports asked for, and their citizens", async () => {
    expect(summary.reports).toBe(2_000);
    expect(await one(sql<{ n: number }>`select count(*)::int as n from reports`)).toEqual({ n: 2_000 });
    expect(await one(sql<{ n: number }>`select count(*)::int as n from users where phone like ${CITIZEN_PHONE_PREFIX + "%"} and role = 'citizen'`)).toEqual({ n: summary.citizens });
  });

  it("keeps every report's support_count equal to its supporters, none of them its reporter", async () => {
    expect(summary.supports).toBeGreaterThan(0);
    const wrong = await one(sql<{ n: number }>`
      select count(*)::int as n from reports r left join (select report_id, count(*)::int as k from report_supports group by 1) s on s.report_id = r.id
      where r.support_count <> coalesce(s.k, 0)`);
    expect(wrong.n).toBe(0);
    expect(await one(sql<{ n: number }>`select count(*)::int as n from report_supports s join reports r on r.id = s.report_id where s.user_id = r.reporter_id`)).toEqual({ n: 0 });
    expect(await one(sql<{ total: number }>`select coalesce(sum(support_count), 0)::int as total from reports`)).toEqual({ total: summary.supports });
    expect(summary.follows).toBeGreaterThan(0);
  });

  it("gives each triaged report the priority the rule gives its severity, category, hazard and supports", async () => {
    const rows = (
      await sql<{ severity: Severity; category: Category; hazard: boolean; support_count: number; priority: string; support_milestone_notified: number }>`
        select severity, category, hazard, support_count, priority, support_milestone_notified from reports where status <> 'submitted'`.execute(db())
    ).rows;
    const wrong = rows.filter((r) => r.priority !== prioritize({ severity: r.severity, category: r.category, hazard: r.hazard, supportCount: r.support_count }).priority);
    expect(wrong).toEqual([]);
    expect(rows.some((r) => r.support_count >= 5 && r.priority === "urgent" && r.severity !== "critical")).toBe(true);
    // Milestones already passed were told of: a seeded report's next support announces none of them again.
    expect(rows.filter((r) => r.support_milestone_notified > r.support_count || (r.support_count >= 5 && r.support_milestone_notified === 0))).toEqual([]);
  });

  it("gives unique refs whose year is the year the report was filed, over a decade", async () => {
    const refs = await one(sql<{ n: number; distinct: number }>`select count(*)::int as n, count(distinct ref)::int as distinct from reports`);
    expect(refs.distinct).toBe(refs.n);
    const wrongYear = await one(sql<{ n: number }>`
      select count(*)::int as n from reports where year <> extract(year from created_at at time zone 'UTC') or ref not like 'CL-' || year || '-%'`);
    expect(wrongYear.n).toBe(0);
    const span = await one(sql<{ years: number; days: number }>`select count(distinct year)::int as years, extract(day from max(created_at) - min(created_at))::int as days from reports`);
    expect(span.years).toBeGreaterThanOrEqual(10);
    expect(span.days).toBeGreaterThan(3_400);
    // Numbers follow filing time: the ref of a later report is never smaller.
    const outOfOrder = await one(sql<{ n: number }>`select count(*)::int as n from (select number, lag(created_at) over (order by number) as prev, created_at from reports) x where prev > created_at`);
    expect(outOfOrder.n).toBe(0);
  });

  it("gives every user a phone of their own, a valid E.164 number", async () => {
    const phones = (await sql<{ phone: string }>`select phone from users`.execute(db())).rows.map((r) => r.phone);
    expect(new Set(phones).size).toBe(phones.length);
    expect(phones.filter((p) => !isValidPhoneNumber(p))).toEqual([]);
  });

  it("has a citizen with 500 reports, old reports mostly resolved, and duplicates pointing at a report nearby", async () => {
    const prolific = await one(sql<{ n: number }>`select count(*)::int as n from reports r join users u on u.id = r.reporter_id where u.phone = ${PROLIFIC_CITIZEN_PHONE}`);
    expect(prolific.n).toBe(PROLIFIC_REPORTS);
    const old = await one(sql<{ resolved: number; all: number }>`
      select count(*) filter (where status = 'resolved')::int as resolved, count(*)::int as all from reports where created_at < now() - interval '2 years'`);
    expect(old.resolved / old.all).toBeGreaterThan(0.7);
    const statuses = await sql<{ status: string }>`select distinct status from reports`.execute(db());
    expect(statuses.rows.length).toBeGreaterThanOrEqual(5);
    const far = await one(sql<{ n: number; dups: number }>`
      select count(*) filter (where o.id is null or earth_distance(ll_to_earth(d.latitude, d.longitude), ll_to_earth(o.latitude, o.longitude)) > 2000)::int as n, count(*)::int as dups
      from reports d left join reports o on o.id = d.duplicate_of where d.status = 'duplicate'`);
    expect(far.dups).toBeGreaterThan(0);
    expect(far.n).toBe(0);
  });

  it("leaves the map's cells counting every public report, and their trigger on", async () => {
    const levels = (
      await sql<{ level: number; n: number; urgent: number }>`select level, sum(report_count)::int as n, sum(urgent)::int as urgent from report_map_cells group by level order by level`.execute(db())
    ).rows;
    const expected = await one(sql<{ n: number; urgent: number }>`select count(*)::int as n, (count(*) filter (where priority = 'urgent'))::int as urgent from reports where status <> 'rejected'`);
    expect(levels.length).toBeGreaterThan(0);
    for (const l of levels) expect({ n: l.n, urgent: l.urgent }).toEqual(expected);
    const trigger = await one(sql<{ enabled: string }>`select tgenabled as enabled from pg_trigger where tgname = 'reports_map_cells'`);
    expect(trigger.enabled).toBe("O");
  });

  it("builds back every index it dropped for the load", async () => {
    expect(await indexes()).toEqual(indexesBefore);
  });

  it("refuses to seed a second city into the same database, changing nothing", async () => {
    await expect(seedCity(db(), { reports: 1_000, center })).rejects.toThrow(/already holds a seeded city/);
    expect(await one(sql<{ n: number }>`select count(*)::int as n from reports`)).toEqual({ n: 2_000 });
    expect(await indexes()).toEqual(indexesBefore);
  });
});
