/**
 * `npx tsx bench/area-alerts.ts` (under the heavy lock): area alerts on PostgreSQL, in process, without a
 * server. A database of its own (`civiclens_wave_alerts_bench`, on BENCH_DATABASE_URL or the local
 * server), dropped at the end.
 * - match: with 100,000 subscriptions over a 40 x 40 km city (radii 200 m to 5 km, a fifth with
 *   categories), the one indexed query that finds the circles holding a report's point
 *   (domain/alerts/match.ts), for 500 random points: p50/p95 in ms, and the plan's index.
 * - fan-out: one report inside 10,000 more subscriptions (10,000 citizens, half by email): the
 *   fan-out's statement (pending rows and one outbox event for the alert), then every subscriber's
 *   alert queued as a message as `send-area-alerts` does it after its quiet period: a page of
 *   subscribers at a time (look for messages a dead run left unsent, read their pending batches in
 *   one query, render them in their languages, queue them all and mark their alerts in one
 *   statement), one page after another.
 * The figures go in bench/RESULTS.md.
 */
import pg from "pg";
import { sql } from "kysely";
import { createDb } from "@/server/db/client";
import { migrateToLatest } from "@/server/db/migrate";
import { claimAlertBatches, pendingAlertBatchesOf, subscribersOfAlert, unsentAlertMessages } from "@/server/domain/alerts/alert-batches";
import { alertKeyOf, matchingSubscriptions, recordAreaAlerts } from "@/server/domain/alerts/match";
import { renderAreaAlertMessages } from "@/server/emails/area-alert-email";
import { loadavg } from "node:os";

const BASE = process.env.BENCH_DATABASE_URL ?? "postgres://postgres:postgres@127.0.0.1:5432/postgres";
const NAME = "civiclens_wave_alerts_bench";
const CITY = { latitude: 12.97, longitude: 77.59 };
/** 40 km is about 0.36 degrees of latitude here (and of longitude, near enough at 13 N). */
const SPAN = 0.36;
/** `--subscriptions=N --fanout=N --match-runs=N` shrink the run (a smoke test of the script); the figures use the defaults. */
const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, "").split("=") as [string, string]));
const SUBSCRIPTIONS = Number(args.subscriptions ?? 100_000);
const FANOUT = Number(args.fanout ?? 10_000);
const MATCH_RUNS = Number(args["match-runs"] ?? 500);
/** Subscribers queued per page, as send-area-alerts does (one step each). */
const PAGE = 500;

function percentile(ms: number[], p: number) {
  const sorted = [...ms].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function admin(query: string) {
  const c = new pg.Client({ connectionString: BASE });
  await c.connect();
  const res = await c.query(query);
  await c.end();
  return res;
}

await admin(`drop database if exists ${NAME} with (force)`);
await admin(`create database ${NAME}`);
const url = new URL(BASE);
url.pathname = `/${NAME}`;
const db = createDb({ databaseUrl: url.toString(), poolMax: 4 });
try {
  await migrateToLatest(db);
  const version = (await admin("show server_version")).rows[0].server_version as string;
  console.log(`PostgreSQL ${version}; load average at start ${loadavg().map((l) => l.toFixed(2)).join(" / ")}`);

  // Citizens: 20,000 owning the city's 100,000 subscriptions (5 each), 10,000 more for the fan-out, one reporter.
  await sql`insert into users (phone, email, email_verified_at, locale) select '+9170' || lpad(g::text, 8, '0'), 'c' || g || '@example.com', now(), case when g % 3 = 0 then 'hi' end from generate_series(1, ${SUBSCRIPTIONS / 5 + FANOUT + 1}::int) g`.execute(db);
  const users = (await sql<{ id: string }>`select id from users order by phone`.execute(db)).rows.map((r) => r.id);
  const reporter = users[SUBSCRIPTIONS / 5 + FANOUT]!;
  let start = performance.now();
  await sql`
    insert into alert_subscriptions (user_id, latitude, longitude, radius_meters, categories, frequency, channel)
    select u.id, ${CITY.latitude - SPAN / 2}::float8 + random() * ${SPAN}::float8, ${CITY.longitude - SPAN / 2}::float8 + random() * ${SPAN}::float8,
           200 + floor(random() * 4800)::int, case when random() < 0.2 then array['roads', 'garbage'] end,
           case when random() < 0.5 then 'immediate' else 'daily' end, case when random() < 0.5 then 'email' else 'sms' end
    from generate_series(0, ${SUBSCRIPTIONS - 1}) g join lateral (select id from users where phone = '+9170' || lpad((g % ${SUBSCRIPTIONS / 5}::int + 1)::text, 8, '0')) u on true`.execute(db);
  await sql`analyze alert_subscriptions`.execute(db);
  console.log(`loaded ${SUBSCRIPTIONS} subscriptions in ${((performance.now() - start) / 1000).toFixed(1)} s`);

  // Match: random report points across the city.
  const source = () => ({ reportId: "00000000-0000-0000-0000-000000000000", reporterId: reporter, latitude: CITY.latitude - SPAN / 2 + Math.random() * SPAN, longitude: CITY.longitude - SPAN / 2 + Math.random() * SPAN, category: Math.random() < 0.5 ? "roads" : "water_supply" });
  // Warm the table and index once, then show a plan with what it did.
  await matchingSubscriptions(db, source()).select("s.id").execute();
  const plan = await sql<{ "QUERY PLAN": string }>`explain (analyze, buffers) ${matchingSubscriptions(db, source()).select("s.id")}`.execute(db);
  console.log(plan.rows.map((r) => r["QUERY PLAN"]).join("\n"));
  const ms: number[] = [];
  let matched = 0;
  for (let i = 0; i < MATCH_RUNS + 20; i++) {
    const q = matchingSubscriptions(db, source()).select("s.id");
    const t = performance.now();
    const rows = await q.execute();
    if (i >= 20) {
      ms.push(performance.now() - t);
      matched += rows.length;
    }
  }
  console.log(`match with ${SUBSCRIPTIONS} subscriptions, ${MATCH_RUNS} reports: p50 ${percentile(ms, 50).toFixed(2)} ms, p95 ${percentile(ms, 95).toFixed(2)} ms, mean ${(matched / MATCH_RUNS).toFixed(0)} subscriptions matched`);
  // The server's share: PostgreSQL's own execution time for the same query (no transfer, no parsing).
  const serverMs: number[] = [];
  for (let i = 0; i < Math.min(100, MATCH_RUNS); i++) {
    const res = await sql<{ "QUERY PLAN": string }>`explain (analyze, timing off) ${matchingSubscriptions(db, source()).select("s.id")}`.execute(db);
    serverMs.push(Number(/Execution Time: ([\d.]+) ms/.exec(res.rows.map((r) => r["QUERY PLAN"]).join("\n"))![1]));
  }
  console.log(`match, PostgreSQL's execution time alone (${serverMs.length} points): p50 ${percentile(serverMs, 50).toFixed(2)} ms, p95 ${percentile(serverMs, 95).toFixed(2)} ms`);

  // Fan-out: 10,000 immediate subscriptions (one per citizen) around one point, on top of the city's.
  const P = { latitude: 12.9716, longitude: 77.5946 };
  await sql`
    insert into alert_subscriptions (user_id, latitude, longitude, radius_meters, frequency, channel)
    select u.id, ${P.latitude}::float8 + (random() - 0.5) * 0.01, ${P.longitude}::float8 + (random() - 0.5) * 0.01, 5000, 'immediate', case when random() < 0.5 then 'email' else 'sms' end
    from generate_series(${SUBSCRIPTIONS / 5 + 1}::int, ${SUBSCRIPTIONS / 5 + FANOUT}::int) g join lateral (select id from users where phone = '+9170' || lpad(g::text, 8, '0')) u on true`.execute(db);
  await sql`analyze alert_subscriptions`.execute(db);
  const report = (
    await sql<{ id: string }>`insert into reports (reporter_id, title, description, category, severity, citizen_severity, latitude, longitude) values (${reporter}, 'Deep pothole near the bus stop', 'A deep pothole has opened on the left lane.', 'roads', 'high', 'high', ${P.latitude}, ${P.longitude}) returning id`.execute(db)
  ).rows[0]!.id;

  start = performance.now();
  const fanned = await recordAreaAlerts(db, { reportId: report, reporterId: reporter, latitude: P.latitude, longitude: P.longitude, category: "roads" }, { kind: "created" });
  const fanOutMs = performance.now() - start;
  const pending = Number((await sql<{ n: string }>`select count(*) as n from alert_pending`.execute(db)).rows[0]!.n);
  const events = Number((await sql<{ n: string }>`select count(*) as n from event_outbox where name = 'alert/pending.added'`.execute(db)).rows[0]!.n);
  console.log(`fan-out statement: ${pending} pending alerts, ${fanned.immediate} immediate subscribers, ${events} outbox event(s) in ${fanOutMs.toFixed(0)} ms`);

  // What send-area-alerts does once the quiet period is over, page by page.
  const alertKey = alertKeyOf({ reportId: report }, { kind: "created" });
  start = performance.now();
  let queued = 0;
  let subscribers = 0;
  let renderMs = 0;
  let claimMs = 0;
  let pages = 0;
  for (let after: string | null = null; ; ) {
    const users = await subscribersOfAlert(db, alertKey, after, PAGE);
    if (users.length === 0) break;
    subscribers += users.length;
    pages += 1;
    await unsentAlertMessages(db, users);
    const { batches } = await pendingAlertBatchesOf(db, users, "immediate", { settledFor: alertKey });
    let t = performance.now();
    const contents = await renderAreaAlertMessages(
      batches.map((b) => ({
        channel: b.channel,
        frequency: "immediate",
        items: b.items.map((i) => ({ ref: i.ref, title: i.title, kind: i.kind, status: i.status, link: `https://civiclens.example/reports/${i.ref}` })),
        areaLink: `https://civiclens.example/reports?at=${b.area.latitude.toFixed(5)},${b.area.longitude.toFixed(5)},14`,
        unsubscribeLink: `https://civiclens.example/alerts/unsubscribe?token=${b.subscriptionId}.signature`,
        locale: b.locale,
      })),
    );
    renderMs += performance.now() - t;
    t = performance.now();
    const messages = await claimAlertBatches(db, batches.map((batch, i) => ({ batch, content: { subject: contents[i]!.subject, body: contents[i]!.text, html: contents[i]!.html, provider: "bench" } })));
    claimMs += performance.now() - t;
    queued += messages.length;
    if (users.length < PAGE) break;
    after = users.at(-1)!;
  }
  const queueMs = performance.now() - start;
  const told = Number((await sql<{ n: string }>`select count(*) as n from alert_pending where frequency = 'immediate' and message_id is not null`.execute(db)).rows[0]!.n);
  console.log(`queued ${queued} messages (${told} immediate alerts marked told) for ${subscribers} subscribers in ${queueMs.toFixed(0)} ms: ${pages} pages of up to ${PAGE}; rendering ${renderMs.toFixed(0)} ms, queue-and-mark statements ${claimMs.toFixed(0)} ms`);
  console.log(`fan-out total (statement + every message queued): ${((fanOutMs + queueMs) / 1000).toFixed(2)} s`);
  console.log(`load average at end ${loadavg().map((l) => l.toFixed(2)).join(" / ")}`);
} finally {
  await db.destroy();
  await admin(`drop database if exists ${NAME} with (force)`);
}
