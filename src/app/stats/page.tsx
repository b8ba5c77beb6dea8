import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { getLabels } from "@/i18n/labels-server";
import { labelOf } from "@/lib/labels";
import { db } from "@/server/db/client";
import { reportStats, type StatsPeriod } from "@/server/domain/open-data/report-stats";
import { LazyChart } from "./lazy-chart";
import type { ChartSpec } from "./stats-chart";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("OpenData");
  return { title: t("title") };
}
export const dynamic = "force-dynamic";

type SearchParams = Record<string, string | string[] | undefined>;

/** A chart and, for anyone who cannot see it (or wants the numbers), the same figures as a table. */
function ChartWithTable({ id, heading, spec, periodColumn, toggle, cell }: {
  id: string;
  heading: string;
  spec: ChartSpec;
  periodColumn: string;
  toggle: string;
  cell: (v: number | null) => string;
}) {
  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{heading}</h2>
      <LazyChart spec={spec} />
      <details>
        <summary>{toggle}</summary>
        <div className="table-scroll" role="region" aria-labelledby={`${id}-caption`} tabIndex={0}>
          <table className="admin-table">
            <caption id={`${id}-caption`}>{heading}</caption>
            <thead>
              <tr>
                <th scope="col">{periodColumn}</th>
                {spec.series.map((s) => (
                  <th scope="col" key={s.name}>{s.name}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {spec.periods.map((p, i) => (
                <tr key={p}>
                  <th scope="row">{p}</th>
                  {spec.series.map((s) => (
                    <td key={s.name}>{cell(s.values[i] ?? null)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}

/** Public statistics: reports per category over time, how fast they are taken on and resolved, and the share resolved; with links to the open data. */
export default async function StatsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const period: StatsPeriod = (await searchParams).period === "week" ? "week" : "month";
  const t = await getTranslations("OpenData");
  const [stats, format, labels] = await Promise.all([reportStats(db(), period), getFormatter(), getLabels()]);
  // Each period's first day, in the site's time zone (noon keeps it on that day).
  const periodName = (p: string) =>
    format.dateTime(new Date(`${p}T12:00:00+05:30`), period === "month" ? { month: "short", year: "numeric" } : { day: "numeric", month: "short", year: "numeric" });
  const periods = stats.periods.map(periodName);
  const duration = (hours: number | null) =>
    hours === null ? t("notYet") : hours < 48 ? t("hours", { hours: Math.round(hours) }) : t("days", { days: Math.round(hours / 24) });
  const share = (part: number, whole: number) => (whole === 0 ? null : Math.round((1000 * part) / whole) / 10);
  const categoryName = (c: string) => (c === "uncategorised" ? t("uncategorised") : labelOf(labels.CATEGORY_LABELS, c));
  const number = (v: number | null) => (v === null ? "–" : format.number(v));
  const overallShare = share(stats.overall.resolved, stats.overall.total);
  return (
    <section className="stats-page">
      <h1>{t("title")}</h1>
      <p>{period === "month" ? t("introMonth") : t("introWeek")}</p>
      <nav aria-label={t("periodNav")} className="stats-periods">
        <a href="/stats?period=month" aria-current={period === "month" ? "page" : undefined}>{t("periodMonth")}</a>
        <a href="/stats?period=week" aria-current={period === "week" ? "page" : undefined}>{t("periodWeek")}</a>
      </nav>

      <section className="card" aria-labelledby="stats-summary">
        <h2 id="stats-summary">{t("summaryHeading")}</h2>
        <dl className="stats">
          <div><dt>{t("filed")}</dt><dd>{format.number(stats.overall.total)}</dd></div>
          <div><dt>{t("shareResolved")}</dt><dd>{overallShare === null ? t("notYet") : format.number(overallShare / 100, { style: "percent", maximumFractionDigits: 1 })}</dd></div>
          <div><dt>{t("medianAcknowledge")}</dt><dd>{duration(stats.overall.medianHoursToAcknowledge)}</dd></div>
          <div><dt>{t("medianResolve")}</dt><dd>{duration(stats.overall.medianHoursToResolve)}</dd></div>
        </dl>
      </section>

      <ChartWithTable
        id="stats-categories"
        heading={t("categoryChartHeading")}
        periodColumn={t("periodColumn")}
        toggle={t("tableToggle")}
        cell={number}
        spec={{ kind: "stacked-bar", label: t("categoryChartLabel"), periods, series: stats.byCategory.map((c) => ({ name: categoryName(c.category), values: c.counts })) }}
      />
      <ChartWithTable
        id="stats-times"
        heading={t("timesChartHeading")}
        periodColumn={t("periodColumn")}
        toggle={t("tableToggle")}
        cell={number}
        spec={{
          kind: "line",
          label: t("timesChartLabel"),
          periods,
          series: [
            { name: t("acknowledgeSeries"), values: stats.byPeriod.map((o) => o.medianHoursToAcknowledge) },
            { name: t("resolveSeries"), values: stats.byPeriod.map((o) => o.medianHoursToResolve) },
          ],
        }}
      />
      <ChartWithTable
        id="stats-resolved"
        heading={t("resolvedChartHeading")}
        periodColumn={t("periodColumn")}
        toggle={t("tableToggle")}
        cell={number}
        spec={{ kind: "bar", label: t("resolvedChartLabel"), periods, series: [{ name: t("resolvedSeries"), values: stats.byPeriod.map((o) => share(o.resolved, o.total)) }] }}
      />

      <section className="card" aria-labelledby="stats-exports">
        <h2 id="stats-exports">{t("exportsHeading")}</h2>
        <p>{t("exportsIntro")}</p>
        <ul>
          <li><a href="/api/open-data/reports.csv" download>{t("csvLink")}</a></li>
          <li><a href="/api/open-data/reports.geojson" download>{t("geojsonLink")}</a></li>
          <li><a href="/api/open-data/feed.atom">{t("feedLink")}</a></li>
        </ul>
        <p>{t("exportsHow")}</p>
      </section>
    </section>
  );
}
