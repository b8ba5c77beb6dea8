import { type Kysely, sql, type Transaction } from "kysely";
import { CATEGORIES, CATEGORY_LABELS } from "@/shared/report-catalog";
import { PRIORITIES, prioritize, SEVERITIES, SUPPORTS_PER_LEVEL } from "@/server/triage/priority";
import {
  CATEGORY_WEIGHTS,
  CITIZEN_PHONE_PREFIX,
  FIRST_NAMES,
  PLACES,
  PROLIFIC_CITIZEN_PHONE,
  PROLIFIC_REPORTS,
  SEVERITY_WEIGHTS,
  STATUS_BY_AGE,
  TITLES,
} from "./city-catalog";

/**
 * A city of many reports for the map and the bench (`npm run db:seed -- --reports 1000000`): a decade
 * of reports clustered around hotspots, citizens, supports, follows and each report's timeline.
 * Set-based: every phase is a few INSERT ... SELECT over generate_series, in chunks of
 * CHUNK reports taken in time order (so `number`, and the ref built from it, grow with created_at).
 * One transaction: a failure leaves the database as it was. Derived data is recounted at the end:
 * the map's cells (report_map_cells_rebuild(), with their row trigger off during the load). The secondary indexes of the tables it
 * fills are dropped first and built again once at the end (one sorted build instead of a million
 * scattered inserts), then the tables are vacuumed and analysed.
 */
export interface CityOptions {
  reports: number;
  /** Default: one for every ten reports, at least 600. */
  citizens?: number;
  center: { latitude: number; longitude: number };
  /** Who moved the reports past triage in their timelines; null when there is no moderator. */
  moderatorId?: string | null;
  log?: (line: string) => void;
}

export interface CitySummary {
  reports: number;
  citizens: number;
  hotspots: number;
  supports: number;
  follows: number;
  prolificCitizenId: string;
  seconds: number;
}

const CHUNK = 100_000;
/** The city's half-width in degrees of latitude (about 12 km). */
const CITY_RADIUS_DEG = 0.11;
/** Spread of a hotspot's reports: each axis is a sum of three uniforms scaled to this (metres). */
const HOTSPOT_SPREAD_M = 240;
const SECONDARY_INDEX_TABLES = ["reports", "report_supports", "report_follows", "report_updates"];

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** `case when <x> < w1 then v1 ... else vn end` over cumulative shares of the weights. */
function pick(x: string, weights: [string, number][]): string {
  const total = weights.reduce((n, [, w]) => n + w, 0);
  let acc = 0;
  const arms = weights.slice(0, -1).map(([v, w]) => `when ${x} < ${(acc += w) / total} then ${lit(v)}`);
  return `case ${arms.join(" ")} else ${lit(weights.at(-1)![0])} end`;
}

/** The status of a report `age` old, drawn with `x` (STATUS_BY_AGE). */
function statusByAge(x: string, age: string): string {
  const arms = STATUS_BY_AGE.map(({ maxAgeDays, shares }) => (maxAgeDays === null ? `else ${pick(x, shares)}` : `when ${age} < interval '${maxAgeDays} days' then ${pick(x, shares)}`));
  return `case ${arms.join(" ")} end`;
}

/** A category's title (or description: `part` 0 or 1), drawn with `x`. */
function titleOf(category: string, x: string, part: 0 | 1): string {
  const arms = Object.entries(TITLES).map(([c, list]) => `when ${lit(c)} then (array[${list.map((t) => lit(t[part])).join(",")}])[1 + floor(${x} * ${list.length})::int]`);
  return `case ${category} ${arms.join(" ")} end`;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

export async function seedCity(db: Kysely<any>, options: CityOptions): Promise<CitySummary> {
  const log = options.log ?? (() => {});
  const n = Math.floor(options.reports);
  const citizens = Math.floor(options.citizens ?? Math.max(600, Math.ceil(n / 10)));
  if (n < PROLIFIC_REPORTS) throw new Error(`--reports must be at least ${PROLIFIC_REPORTS} (one citizen files ${PROLIFIC_REPORTS})`);
  if (citizens < 2 || citizens > 999_999_999) throw new Error("--citizens must be between 2 and 999999999");
  const hotspots = Math.min(3000, Math.max(5, Math.round(n / 300)));
  const chunks = Math.ceil(n / CHUNK);
  // Supporters of a report are citizens (off + j * stride) mod (citizens - 1), skipping its reporter:
  // a stride prime to that modulus makes them distinct for every report.
  const pool = citizens - 1;
  let stride = 7919;
  while (gcd(stride, pool) !== 1) stride += 2;
  const started = performance.now();

  const summary = await db.transaction().execute(async (trx) => {
    const phase = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
      const t = performance.now();
      const result = await run();
      log(`  ${name}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
      return result;
    };
    const exec = (text: string) => sql.raw(text).execute(trx);

    const existing = await sql<{ id: string }>`select id from users where phone = ${PROLIFIC_CITIZEN_PHONE}`.execute(trx);
    if (existing.rows.length) throw new Error(`this database already holds a seeded city (a user with ${PROLIFIC_CITIZEN_PHONE}); seed a fresh database`);
    await exec(`set local maintenance_work_mem = '256MB'`);
    await exec(`set local work_mem = '64MB'`);
    const before = await sql<{ n: number }>`select coalesce(max(number), 0)::int8 as n from reports`.execute(trx);
    const firstNumber = Number(before.rows[0]!.n);

    const dropped = await phase("drop secondary indexes", () => dropSecondaryIndexes(trx));
    // The map's cells (migration 0013) are counted by a row trigger on reports; a bulk load turns it
    // off and recounts them once, set-based, at the end.
    const cells = await sql<{ present: boolean }>`select to_regprocedure('report_map_cells_rebuild()') is not null as present`.execute(trx);
    const mapCells = cells.rows[0]!.present;
    if (mapCells) await exec(`alter table reports disable trigger reports_map_cells`);

    const prolificId = await phase(`citizens (${citizens.toLocaleString("en")})`, async () => {
      await exec(`create temp table seed_citizens (n int primary key, id uuid not null) on commit drop`);
      await exec(`
        with ins as (
          insert into users (phone, name, role, created_at, updated_at)
          select ${lit(CITIZEN_PHONE_PREFIX)} || lpad(g::text, 9, '0'),
                 case when g % 3 = 0 then (array[${FIRST_NAMES.map(lit).join(",")}])[1 + g % ${FIRST_NAMES.length}] || ' ' || chr(65 + g % 26) || '.' end,
                 'citizen', now() - interval '10 years', now() - interval '10 years'
          from generate_series(1, ${citizens}) g
          returning id, phone)
        insert into seed_citizens select substr(phone, ${CITIZEN_PHONE_PREFIX.length + 1})::int, id from ins`);
      const prolific = await sql<{ id: string }>`
        insert into users (phone, name, role, created_at, updated_at)
        values (${PROLIFIC_CITIZEN_PHONE}, 'Prolific citizen (seed)', 'citizen', now() - interval '10 years', now() - interval '10 years') returning id`.execute(trx);
      return prolific.rows[0]!.id;
    });

    for (const statement of priorityRulesSql()) await exec(statement);
    await phase(`hotspots (${hotspots.toLocaleString("en")})`, () =>
      exec(`
        create temp table seed_hotspots on commit drop as
        with raw as materialized (select h, random() as r, random() * 2 * pi() as a, random() as c from generate_series(1, ${hotspots}) h)
        select h as id,
               ${options.center.latitude} + ${CITY_RADIUS_DEG} * power(r, 0.8) * sin(a) as latitude,
               ${options.center.longitude} + ${CITY_RADIUS_DEG} * power(r, 0.8) * cos(a) / cos(radians(${options.center.latitude})) as longitude,
               ${pick("c", CATEGORY_WEIGHTS)} as category
        from raw`),
    );

    const prolificStep = Math.floor(n / PROLIFIC_REPORTS);
    for (let c = 0; c < chunks; c++) {
      const lo = c * CHUNK + 1;
      const hi = Math.min(n, (c + 1) * CHUNK);
      await phase(`reports ${lo.toLocaleString("en")}-${hi.toLocaleString("en")}`, async () => {
        await exec(`drop table if exists seed_rows`);
        await exec(chunkRowsSql({ lo, hi, chunk: c, chunks, hotspots, citizens, prolificId, prolificStep, center: options.center, pool }));
        await exec(insertReportsSql());
        await exec(insertSupportsSql(pool, stride));
        await exec(insertTimelineSql(options.moderatorId ?? null));
      });
    }

    await phase("rebuild secondary indexes", async () => {
      for (const d of dropped) await phase(d.replace(/^CREATE (UNIQUE )?INDEX (\S+) ON (?:public\.)?(\S+).*$/s, "  $2 on $3"), () => exec(d));
    });

    if (mapCells) {
      await phase("recount the map's cells", () => exec(`select report_map_cells_rebuild()`));
      await exec(`alter table reports enable trigger reports_map_cells`);
    }

    const counts = await sql<{ reports: number; supports: number; follows: number }>`
      select (select count(*) from reports where number > ${firstNumber})::int8 as reports,
             (select count(*) from report_supports s join reports r on r.id = s.report_id where r.number > ${firstNumber})::int8 as supports,
             (select count(*) from report_follows f join reports r on r.id = f.report_id where r.number > ${firstNumber})::int8 as follows`.execute(trx);
    const row = counts.rows[0]!;
    return { reports: Number(row.reports), citizens, hotspots, supports: Number(row.supports), follows: Number(row.follows), prolificCitizenId: prolificId };
  });

  const t = performance.now();
  const cellsTable = await sql<{ present: boolean }>`select to_regclass('report_map_cells') is not null as present`.execute(db);
  const vacuumed = ["users", ...SECONDARY_INDEX_TABLES, ...(cellsTable.rows[0]!.present ? ["report_map_cells"] : [])];
  for (const table of vacuumed) await sql.raw(`vacuum (analyze) ${table}`).execute(db);
  log(`  vacuum analyze: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  return { ...summary, seconds: Math.round((performance.now() - started) / 100) / 10 };
}

/**
 * Drops the indexes of the filled tables that no constraint owns (primary keys and unique
 * constraints stay, so a duplicate still fails at once; a unique index without a constraint fails
 * when it is built again, before the commit); returns the statements that build them again.
 */
async function dropSecondaryIndexes(trx: Transaction<any>): Promise<string[]> {
  const { rows } = await sql<{ name: string; def: string }>`
    select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
    from pg_index i
    where i.indrelid = any (${sql.raw(`array[${SECONDARY_INDEX_TABLES.map((t) => `${lit(t)}::regclass`).join(",")}]`)})
      and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`.execute(trx);
  for (const r of rows) await sql.raw(`drop index ${r.name}`).execute(trx);
  return rows.map((r) => r.def);
}

interface ChunkSpec {
  lo: number;
  hi: number;
  chunk: number;
  chunks: number;
  hotspots: number;
  citizens: number;
  prolificId: string;
  prolificStep: number;
  center: { latitude: number; longitude: number };
  pool: number;
}

/**
 * One chunk's reports, fully decided, in a temp table: when (the chunk's slice of the decade, more
 * reports in recent years), where (a hotspot, or anywhere in the city for one in ten), what, how
 * bad, who filed it, where it stands now, and how many citizens support it. The random draws are
 * materialised first, so each is drawn once per report.
 */
function chunkRowsSql(s: ChunkSpec): string {
  const m = 111_320;
  return `
    create temp table seed_rows on commit drop as
    with raw as materialized (
      select g, gen_random_uuid() as id,
             power((${s.chunk} + random()) / ${s.chunks}, 0.7) as f,
             case when random() < 0.1 then 0 else 1 + least(${s.hotspots - 1}, floor(${s.hotspots} * power(random(), 1.5))::int) end as hid,
             random() as r_status, random() as r_cat, random() as r_own, random() as r_sev, random() as r_title, random() as r_place,
             random() as r_given, random() as r_reporter, random() as r_sup, random() as r_sup2, random() as r_off, random() as r_upd,
             random() * 2 - 1 as ox, random() * 2 - 1 as oy,
             (random() + random() + random() - 1.5) * ${HOTSPOT_SPREAD_M} as dx,
             (random() + random() + random() - 1.5) * ${HOTSPOT_SPREAD_M} as dy
      from generate_series(${s.lo}, ${s.hi}) g),
    placed as (
      select raw.*,
             date_trunc('second', now() - interval '10 years' + (now() - (now() - interval '10 years')) * raw.f) as created_at,
             coalesce(h.latitude + dy / ${m}, ${s.center.latitude} + ${CITY_RADIUS_DEG} * oy) as latitude,
             coalesce(h.longitude + dx / (${m} * cos(radians(h.latitude))), ${s.center.longitude} + ${CITY_RADIUS_DEG} * ox / cos(radians(${s.center.latitude}))) as longitude,
             case when raw.hid > 0 and r_cat < 0.6 then h.category else ${pick("r_own", CATEGORY_WEIGHTS)} end as category,
             ${pick("r_sev", SEVERITY_WEIGHTS)} as severity,
             case when g % ${s.prolificStep} = 0 and g / ${s.prolificStep} <= ${PROLIFIC_REPORTS} then null
                  else 1 + least(${s.citizens - 1}, floor(${s.citizens} * power(r_reporter, 1.3))::int) end as reporter_n
      from raw left join seed_hotspots h on h.id = raw.hid),
    classed as (
      select placed.*, ${statusByAge("r_status", "now() - created_at")} as drawn_status,
             coalesce(c.id, '${s.prolificId}'::uuid) as reporter_id,
             coalesce(reporter_n, ${s.citizens + 1}) as reporter_no,
             (severity = 'critical' or (severity = 'high' and category in ('electricity', 'public_safety', 'drainage'))) as hazard,
             least(${s.pool}, case when r_sup > 0.999 then 100 + floor(400 * r_sup2)::int when r_sup < 0.7 then 0 else floor(30 * power(r_sup2, 3))::int end) as support_count
      from placed left join seed_citizens c on c.n = placed.reporter_n),
    linked as (
      select classed.*, case when drawn_status = 'duplicate' and hid > 0 then first_value(id) over (partition by hid order by created_at, g) end as original
      from classed),
    decided as (
      select linked.*,
             case when drawn_status = 'duplicate' and (original is null or original = id) then 'resolved' else drawn_status end as status
      from linked)
    select id, g, hid, created_at, extract(year from created_at at time zone 'UTC')::smallint as year,
           latitude, longitude, category, severity, hazard, status, reporter_id, reporter_no,
           case when status = 'duplicate' then original end as duplicate_of,
           case when status <> 'submitted' then (array[${PRIORITIES.map(lit).join(",")}])[1 + least(${PRIORITIES.length - 1}, p.base_rank + support_count / ${SUPPORTS_PER_LEVEL})] end as priority,
           case when status = 'submitted' then null else created_at + interval '5 seconds' end as triaged_at,
           case when status in ('submitted', 'under_review') then created_at
                else created_at + least(now() - created_at, interval '60 days') * (0.05 + 0.95 * r_upd) end as updated_at,
           ${titleOf("category", "r_title", 0)} || ' near ' || (array[${PLACES.map(lit).join(",")}])[1 + floor(r_place * ${PLACES.length})::int] as title,
           ${titleOf("category", "r_title", 1)} as description,
           (array[${PLACES.map(lit).join(",")}])[1 + floor(r_place * ${PLACES.length})::int] || ', Ward ' || (1 + hid % 198) as address,
           r_given < 0.8 as category_given,
           support_count, floor(r_off * ${s.pool})::int as support_offset
    from decided join seed_priority p on p.p_severity = severity and p.p_category = category and p.p_hazard = hazard`;
}

/**
 * The priority rule (triage/priority.ts) before supports, for every severity, category and hazard,
 * as a table the chunks join: rule 6 (a level per SUPPORTS_PER_LEVEL supports, up to urgent) is
 * added in SQL, so a seeded report's priority is the one recompute-priority would give it.
 */
function priorityRulesSql(): string[] {
  const rows = SEVERITIES.flatMap((severity) =>
    CATEGORIES.flatMap((category) =>
      [false, true].map((hazard) => `(${lit(severity)}, ${lit(category)}, ${hazard}, ${PRIORITIES.indexOf(prioritize({ severity, category, hazard }).priority)})`),
    ),
  );
  return [
    `create temp table seed_priority (p_severity text, p_category text, p_hazard boolean, base_rank int, primary key (p_severity, p_category, p_hazard)) on commit drop`,
    `insert into seed_priority values ${rows.join(", ")}`,
  ];
}

/** The chunk's reports in time order, so each one's number (and ref) follows the one filed before it. */
function insertReportsSql(): string {
  return `
    insert into reports (id, year, reporter_id, title, description, category, citizen_category, severity, citizen_severity, priority,
                         latitude, longitude, address, status, classification, classification_confidence, hazard, model_version,
                         triaged_at, duplicate_of, resolution_note, version, created_at, updated_at, support_count, support_milestone_notified)
    select id, year, reporter_id, title, description,
           case when status = 'submitted' and not category_given then null else category end,
           case when category_given then category end,
           severity, severity, priority, latitude, longitude, address, status,
           case when status <> 'submitted' then category end,
           case when status <> 'submitted' then 0.55 + 0.4 * ((g * 37) % 100) / 100.0 end,
           case when status <> 'submitted' then hazard end,
           case when status <> 'submitted' then 'seed' end,
           triaged_at, duplicate_of,
           case when status = 'resolved' then 'Fixed by the ward maintenance team; please tell us if it comes back.' end,
           case status when 'submitted' then 1 when 'under_review' then 2 else 3 end,
           created_at, updated_at, support_count,
           -- The reporter heard of each milestone (5, 25, 100 supports) its supports passed.
           case when support_count >= 100 then 100 when support_count >= 25 then 25 when support_count >= 5 then 5 else 0 end
    from seed_rows order by created_at, g`;
}

/**
 * Exactly support_count distinct supporters per report, none its reporter: citizen numbers
 * (offset + j * stride) mod pool, shifted past the reporter's own. Half of them follow it too.
 */
function insertSupportsSql(pool: number, stride: number): string {
  return `
    with supporters as (
      select s.id as report_id, s.created_at as filed, s.support_count as k, j, (s.support_offset + j::int8 * ${stride}) % ${pool} + 1 as n0, s.reporter_no
      from seed_rows s cross join lateral generate_series(1, s.support_count) j
      where s.support_count > 0),
    ins as (
      insert into report_supports (report_id, user_id, created_at)
      select p.report_id, c.id, p.filed + least(now() - p.filed, interval '30 days') * (p.j::float8 / (p.k + 1))
      from supporters p join seed_citizens c on c.n = p.n0 + case when p.n0 >= p.reporter_no then 1 else 0 end
      returning report_id, user_id, created_at)
    insert into report_follows (report_id, user_id, created_at)
    select report_id, user_id, created_at from ins where random() < 0.5`;
}

/**
 * Each report's public timeline as it would have been written: filed by its citizen, sorted by
 * triage, then (past review) the moderator's last status change.
 */
function insertTimelineSql(moderatorId: string | null): string {
  const moderator = moderatorId ? `'${moderatorId}'::uuid` : "null::uuid";
  return `
    insert into report_updates (report_id, kind, from_status, to_status, actor_id, actor_role, note, metadata, created_at)
    select id, 'submitted', null, 'submitted', reporter_id, 'citizen', null, '{}'::jsonb, created_at from seed_rows
    union all
    select id, 'triaged', 'submitted', 'under_review', null, 'system',
           'Sorted as ' || (${lit(JSON.stringify(CATEGORY_LABELS))}::jsonb ->> category) || ', priority ' || priority || '.', '{}'::jsonb, triaged_at
    from seed_rows where status <> 'submitted'
    union all
    select id, 'status_changed', 'under_review', status, ${moderator}, 'moderator',
           case status when 'resolved' then 'Fixed by the ward maintenance team; please tell us if it comes back.'
                       when 'rejected' then 'This is private property; please contact the owner.' end,
           case when status = 'rejected' then '{"action":"reject","rejectReason":"out_of_scope"}'::jsonb else '{}'::jsonb end,
           updated_at
    from seed_rows where status not in ('submitted', 'under_review')`;
}
