import { type Kysely, sql } from "kysely";

/**
 * The public map's clusters, counted ahead (issue 15). Grouping every report in view on each pan is
 * too slow at a city's scale, so `report_map_cells` keeps, for a few zoom levels of the Web Mercator
 * tile grid, one row per (cell, status, category) with the number of reports, the sums of their
 * coordinates (a centroid is sum / count) and how many carry each priority. A trigger keeps it in
 * step with `reports` in the filing or moderating transaction: an insert adds one to a row per
 * level (one statement), a delete takes one away, and an update of what the map groups by
 * (status, category, priority, position) does both; other updates (support counts, triage notes)
 * leave it alone. Rejected reports are never public and are not counted. A truncate of `reports`
 * empties it. `report_map_cells_rebuild()` recounts it in one set-based statement, for bulk loads
 * that disable the row trigger. The levels are MAP_CELL_LEVELS in src/server/domain/reports/map-grid.ts.
 * Rows that fall to zero stay; readers skip them.
 * A coarse cell covers a whole city, so every report filed there would update the same few rows
 * and concurrent filings would queue for their locks; at the two coarsest levels each cell's counts
 * are split over eight shards (by the report's id, so a report's later changes find its shard) and
 * readers add them up. Finer levels have one shard: there filings spread over many cells anyway.
 */
const LEVELS = sql.raw("array[9, 11, 13, 15, 17]::smallint[]");
const SHARDED_UP_TO = 11;
const shardOf = (id: string) => sql.raw(`case when l <= ${SHARDED_UP_TO} then get_byte(uuid_send(${id}), 15) & 7 else 0 end`);

export async function up(db: Kysely<any>): Promise<void> {
  // The cell of the tile grid at `level` (2^level cells a side) holding a point, as the app computes it.
  await sql`
    create function map_cell_x(lng double precision, level integer) returns integer
    language sql immutable parallel safe
    return least(greatest(floor((lng + 180) / 360 * (1 << level))::integer, 0), (1 << level) - 1)
  `.execute(db);
  await sql`
    create function map_cell_y(lat double precision, level integer) returns integer
    language sql immutable parallel safe
    return least(greatest(floor((1 - asinh(tan(radians(least(greatest(lat, -85.0511287798), 85.0511287798)))) / pi()) / 2 * (1 << level))::integer, 0), (1 << level) - 1)
  `.execute(db);

  await sql`
    create table report_map_cells (
      level smallint not null,
      x integer not null,
      y integer not null,
      status text not null,
      category text not null,
      shard smallint not null,
      report_count integer not null,
      sum_lat double precision not null,
      sum_lng double precision not null,
      urgent integer not null,
      high integer not null,
      normal integer not null,
      low integer not null,
      primary key (level, x, y, status, category, shard)
    ) with (fillfactor = 70)
  `.execute(db);

  await sql`
    create function report_map_cells_sync() returns trigger language plpgsql as $$
    declare
      r reports;
      s integer;
    begin
      foreach s in array array[-1, 1] loop
        if s = -1 then
          if tg_op = 'INSERT' or old.status = 'rejected' then continue; end if;
          r := old;
        else
          if tg_op = 'DELETE' or new.status = 'rejected' then continue; end if;
          r := new;
        end if;
        insert into report_map_cells as c (level, x, y, status, category, shard, report_count, sum_lat, sum_lng, urgent, high, normal, low)
        select l, map_cell_x(r.longitude, l), map_cell_y(r.latitude, l), r.status, coalesce(r.category, ''), ${shardOf("r.id")}, s, s * r.latitude, s * r.longitude,
               case when r.priority = 'urgent' then s else 0 end, case when r.priority = 'high' then s else 0 end,
               case when r.priority = 'normal' then s else 0 end, case when r.priority = 'low' then s else 0 end
        from unnest(${LEVELS}) l
        on conflict (level, x, y, status, category, shard) do update set
          report_count = c.report_count + excluded.report_count, sum_lat = c.sum_lat + excluded.sum_lat, sum_lng = c.sum_lng + excluded.sum_lng,
          urgent = c.urgent + excluded.urgent, high = c.high + excluded.high, normal = c.normal + excluded.normal, low = c.low + excluded.low;
      end loop;
      return null;
    end $$
  `.execute(db);
  await sql`create trigger reports_map_cells after insert or delete on reports for each row execute function report_map_cells_sync()`.execute(db);
  await sql`
    create trigger reports_map_cells_update after update of status, category, priority, latitude, longitude on reports for each row
    when (old.status is distinct from new.status or old.category is distinct from new.category or old.priority is distinct from new.priority
          or old.latitude <> new.latitude or old.longitude <> new.longitude)
    execute function report_map_cells_sync()
  `.execute(db);

  await sql`create function report_map_cells_clear() returns trigger language plpgsql as $$ begin truncate report_map_cells; return null; end $$`.execute(db);
  await sql`create trigger reports_map_cells_truncate after truncate on reports for each statement execute function report_map_cells_clear()`.execute(db);

  await sql`
    create function report_map_cells_rebuild() returns void language sql as $$
      truncate report_map_cells;
      insert into report_map_cells (level, x, y, status, category, shard, report_count, sum_lat, sum_lng, urgent, high, normal, low)
      select l, map_cell_x(longitude, l), map_cell_y(latitude, l), status, coalesce(category, ''), ${shardOf("id")}, count(*), sum(latitude), sum(longitude),
             count(*) filter (where priority = 'urgent'), count(*) filter (where priority = 'high'),
             count(*) filter (where priority = 'normal'), count(*) filter (where priority = 'low')
      from reports, unnest(${LEVELS}) l
      where status <> 'rejected'
      group by 1, 2, 3, 4, 5, 6;
    $$
  `.execute(db);
  await sql`select report_map_cells_rebuild()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists reports_map_cells_truncate on reports`.execute(db);
  await sql`drop trigger if exists reports_map_cells_update on reports`.execute(db);
  await sql`drop trigger if exists reports_map_cells on reports`.execute(db);
  await sql`drop function if exists report_map_cells_rebuild()`.execute(db);
  await sql`drop function if exists report_map_cells_clear()`.execute(db);
  await sql`drop function if exists report_map_cells_sync()`.execute(db);
  await sql`drop table if exists report_map_cells`.execute(db);
  await sql`drop function if exists map_cell_y(double precision, integer)`.execute(db);
  await sql`drop function if exists map_cell_x(double precision, integer)`.execute(db);
}
