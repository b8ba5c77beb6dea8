import "./load-env";
import { mkdirSync, readFileSync } from "node:fs";
import { sql } from "kysely";
import { createDb, type DB } from "@/server/db/client";
import { migrateToLatest } from "@/server/db/migrate";
import type { Priority, Role, Severity } from "@/server/db/schema";
import { applyRoleChange } from "@/server/domain/admin/set-user-role";
import { CATEGORY_LABELS, type Category, type Status } from "@/shared/report-catalog";
import { awardReputation } from "@/server/domain/reputation";
import { findOrCreateUserByPhone } from "@/server/domain/users";
import { logger } from "@/server/logging/logger";
import { validateEnvAtStartup } from "@/server/config/start-up";
import { mapConfig } from "@/server/config/map-config";
import { PROLIFIC_CITIZEN_PHONE, PROLIFIC_REPORTS } from "./city-catalog";
import { seedCity } from "./seed-city";
import { importBodies, parseBodiesCollection } from "@/server/domain/bodies/import-bodies";
import { routeReport } from "@/server/domain/bodies/route-report";

/**
 * `npm run db:seed`: demo data. `npm run db:seed -- --reports 1000000 [--citizens 100000]`: the staff
 * accounts below and a city of that many reports around MAP_DEFAULT_CENTER (scripts/seed-city.ts),
 * into a database that has none yet.
 *
 * Demo data: an admin (+91 90000 00001), a moderator (+91 90000 00002), five citizens and 30
 * reports across every category and status, each with the timeline it would have had. Idempotent:
 * users are found by phone, and reports are added only when the demo citizens have none yet.
 */
const STAFF: { phone: string; name: string; role: Role }[] = [
  { phone: "+919000000001", name: "Asha (demo admin)", role: "admin" },
  { phone: "+919000000002", name: "Ravi (demo moderator)", role: "moderator" },
];
const CITIZENS = ["Meera", "Karthik", "Fatima", "Joseph", "Lakshmi"].map((name, i) => ({ phone: `+91900000001${i}`, name, role: "citizen" as Role }));

const REPORTS: [Category, Severity, string, string][] = [
  ["roads", "high", "Deep pothole outside the bus stop", "A pothole about a metre wide in front of the bus stop; two-wheelers swerve into traffic."],
  ["roads", "medium", "Speed breaker without markings", "A new speed breaker on 12th Main has no paint or sign; cars hit it hard at night."],
  ["roads", "critical", "Road caved in near the metro pillar", "Part of the road has sunk near pillar 42 and traffic is squeezing past it."],
  ["streetlights", "medium", "Streetlights out along the lake path", "Six lights in a row have been off for a week; the path is pitch dark after 7 pm."],
  ["streetlights", "low", "Streetlight on all day", "The light at the corner of 4th Cross stays on in daylight."],
  ["streetlights", "high", "Dark underpass, lights broken", "Every light in the railway underpass is broken; people walk through in the dark."],
  ["garbage", "medium", "Garbage not collected for five days", "Bins on 3rd Cross are overflowing; the collection truck has not come since Monday."],
  ["garbage", "high", "Garbage being burnt in the open lot", "Someone burns garbage every evening in the empty plot; the smoke fills nearby homes."],
  ["garbage", "low", "Litter around the market entrance", "Plastic and food waste pile up at the market gate by afternoon."],
  ["water_supply", "high", "No water supply for three days", "Our street has had no municipal water since Friday; tankers are expensive."],
  ["water_supply", "medium", "Pipe leaking on the main road", "Clean water gushes from a broken pipe near the temple and floods the road."],
  ["water_supply", "low", "Low water pressure in the mornings", "Water barely trickles between 6 and 9 am in the whole block."],
  ["drainage", "high", "Open drain without a cover", "The slab over the drain near the school has broken; children walk right beside it."],
  ["drainage", "medium", "Sewage overflowing onto the street", "The manhole overflows after every rain and the smell is unbearable."],
  ["drainage", "medium", "Storm drain blocked with silt", "The storm drain on 8th Main is full of silt and water pools for days."],
  ["electricity", "critical", "Live wire hanging low over the footpath", "A cable hangs at head height after the storm; it sparks when wet."],
  ["electricity", "medium", "Transformer making loud noises", "The transformer at the corner buzzes loudly and smells of burning at night."],
  ["electricity", "low", "Junction box door open", "The door of the electric junction box by the park is hanging open."],
  ["trees_parks", "high", "Tree branch about to fall on the road", "A large dead branch hangs over the road and sways in the wind."],
  ["trees_parks", "low", "Park benches broken", "Three benches in the neighbourhood park are broken and have sharp edges."],
  ["trees_parks", "medium", "Fallen tree blocking the lane", "A tree fell in the night and blocks half of the lane."],
  ["public_property", "medium", "Bus shelter roof broken", "The roof sheets of the bus shelter blew away; no shade or rain cover now."],
  ["public_property", "low", "Graffiti on the public library wall", "The library's outer wall was spray-painted over the weekend."],
  ["public_property", "medium", "Footpath tiles missing", "Tiles are missing along 50 metres of footpath; people walk on the road."],
  ["public_safety", "high", "Stray dogs chasing children near the school", "A pack of dogs chases children at the school gate every morning."],
  ["public_safety", "critical", "Manhole open in the middle of the road", "An uncovered manhole in the middle of 2nd Main; one scooter already fell in."],
  ["environment", "medium", "Construction dust all day", "The site next door runs without covers and dust settles on everything."],
  ["environment", "high", "Foam and dead fish in the lake", "The lake is covered in white foam and dead fish wash up on the shore."],
  ["environment", "low", "Loudspeakers late at night", "Loudspeakers play past midnight on weekends near the community hall."],
  ["other", "low", "Wrong street name on the signboard", "The new signboard says 5th Cross but this is 6th Cross; deliveries get lost."],
];
// The path each report took, ending in its current status; cycles so every status is present.
const PATHS: Status[][] = [
  ["submitted"],
  ["submitted", "under_review"],
  ["submitted", "under_review"],
  ["submitted", "under_review", "acknowledged"],
  ["submitted", "under_review", "acknowledged", "in_progress"],
  ["submitted", "under_review", "acknowledged", "in_progress", "resolved"],
  ["submitted", "under_review", "rejected"],
  ["submitted", "under_review", "duplicate"],
];
const PRIORITY: Record<Severity, Priority> = { low: "low", medium: "normal", high: "high", critical: "urgent" };

async function ensureUsers(db: DB) {
  const ids: Record<string, string> = {};
  for (const u of [...STAFF, ...CITIZENS]) {
    ids[u.phone] = await db.transaction().execute(async (trx) => {
      const { user } = await findOrCreateUserByPhone(trx, u.phone);
      if (!user.name) await trx.updateTable("users").set({ name: u.name }).where("id", "=", user.id).execute();
      await applyRoleChange(trx, user.id, u.role, { id: null, via: "seed" });
      return user.id;
    });
  }
  return ids;
}

async function seedReports(db: DB, ids: Record<string, string>) {
  const citizenIds = CITIZENS.map((c) => ids[c.phone]!);
  const moderatorId = ids[STAFF[1]!.phone]!;
  const existing = await db.selectFrom("reports").select((eb) => eb.fn.countAll<number>().as("n")).where("reporter_id", "in", citizenIds).executeTakeFirstOrThrow();
  if (Number(existing.n) > 0) return 0;
  let firstId: string | null = null;
  for (const [i, [category, severity, title, description]] of REPORTS.entries()) {
    const path = PATHS[i % PATHS.length]!;
    const status = path.at(-1)!;
    const reporterId = citizenIds[i % citizenIds.length]!;
    const created = new Date(Date.now() - (REPORTS.length - i) * 14 * 3600_000);
    const at = (step: number) => new Date(created.getTime() + step * 3 * 3600_000);
    const triaged = path.length > 1;
    const report = await db.transaction().execute(async (trx) => {
      const r = await trx
        .insertInto("reports")
        .values({
          reporter_id: reporterId,
          title,
          description,
          category: triaged ? category : null,
          severity,
          citizen_severity: severity,
          priority: triaged ? PRIORITY[severity] : null,
          latitude: 12.9716 + Math.sin(i * 1.7) * 0.05,
          longitude: 77.5946 + Math.cos(i * 1.3) * 0.05,
          address: `Ward ${100 + i}, Bengaluru`,
          status,
          classification: triaged ? category : null,
          classification_confidence: triaged ? 0.55 + ((i * 37) % 40) / 100 : null,
          hazard: triaged ? severity === "critical" : null,
          model_version: triaged ? "seed" : null,
          triaged_at: triaged ? at(1) : null,
          duplicate_of: status === "duplicate" ? firstId : null,
          resolution_note: status === "resolved" ? "Fixed by the ward maintenance team; please tell us if it comes back." : null,
          version: path.length,
          created_at: created,
          updated_at: at(path.length - 1),
        })
        .returning(["id", "ref"])
        .executeTakeFirstOrThrow();
      await trx.insertInto("report_updates").values({ report_id: r.id, kind: "submitted", to_status: "submitted", actor_id: reporterId, actor_role: "citizen", created_at: created }).execute();
      for (let s = 1; s < path.length; s++) {
        const to = path[s]!;
        const bySystem = to === "under_review";
        await trx
          .insertInto("report_updates")
          .values({
            report_id: r.id,
            kind: bySystem ? "triaged" : "status_changed",
            from_status: path[s - 1]!,
            to_status: to,
            actor_id: bySystem ? null : moderatorId,
            actor_role: bySystem ? "system" : "moderator",
            note: bySystem
              ? `Sorted as ${CATEGORY_LABELS[category]}, priority ${PRIORITY[severity]}.`
              : to === "resolved"
                ? "Fixed by the ward maintenance team; please tell us if it comes back."
                : to === "rejected"
                  ? "This is private property; please contact the owner."
                  : null,
            metadata: JSON.stringify(to === "rejected" ? { action: "reject", rejectReason: "out_of_scope" } : {}),
            created_at: at(s),
          })
          .execute();
      }
      return r;
    });
    firstId ??= report.id;
    await awardReputation(db, { userId: reporterId, points: 5, reason: "report_filed", sourceType: "report", sourceId: report.id });
    if (path.includes("acknowledged")) await awardReputation(db, { userId: reporterId, points: 10, reason: "report_acknowledged", sourceType: "report", sourceId: report.id });
  }
  return REPORTS.length;
}

/** `--reports N` / `--reports=N` (and --citizens): the city's size, or null for the demo data. */
function cityArgs(argv: string[]): { reports: number; citizens?: number } | null {
  const value = (name: string) => {
    const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
    if (i < 0) return undefined;
    const raw = argv[i]!.includes("=") ? argv[i]!.split("=")[1] : argv[i + 1];
    const n = Number(raw);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive whole number, got ${raw ?? "nothing"}`);
    return n;
  };
  const reports = value("reports");
  const citizens = value("citizens");
  if (reports === undefined) {
    if (citizens !== undefined) throw new Error("--citizens goes with --reports");
    return null;
  }
  return { reports, citizens };
}

/**
 * The sample city's bodies (data/bodies/sample-city.geojson), when none are defined yet; the demo
 * reports are then routed to them, as route-report would have done when they were filed.
 */
async function seedBodies(db: DB, routeDemoReports: boolean) {
  const any = await db.selectFrom("bodies").select("id").limit(1).executeTakeFirst();
  if (any) return 0;
  const file = new URL("../data/bodies/sample-city.geojson", import.meta.url);
  const saved = await importBodies(db, { id: null, via: "seed" }, parseBodiesCollection(readFileSync(file, "utf8")));
  if (routeDemoReports) {
    const reports = await db.selectFrom("reports").select("id").where("body_id", "is", null).execute();
    for (const r of reports) await routeReport(db, r.id, { eventId: null, reason: "seed" });
  }
  return saved.length;
}

const city = cityArgs(process.argv.slice(2));
const e = validateEnvAtStartup();
if (!e.DATABASE_URL && !e.PGLITE_DIR.startsWith("memory://")) mkdirSync(e.PGLITE_DIR, { recursive: true });
const database = createDb({ databaseUrl: e.DATABASE_URL, pgliteDir: e.PGLITE_DIR });
try {
  await migrateToLatest(database);
  const ids = await ensureUsers(database);
  if (city) {
    const [latitude, longitude] = mapConfig().center;
    console.log(`Seeding a city of ${city.reports.toLocaleString("en")} reports around ${latitude},${longitude} (${e.DATABASE_URL ? "PostgreSQL" : "PGlite"}):`);
    const s = await seedCity(database, { ...city, center: { latitude, longitude }, moderatorId: ids[STAFF[1]!.phone]!, log: (line) => console.log(line) });
    console.log(
      `Seeded the city in ${s.seconds} s: ${s.reports} reports around ${s.hotspots} hotspots, ${s.citizens} citizens, ${s.supports} supports, ${s.follows} follows; ` +
        `the citizen with ${PROLIFIC_REPORTS} reports is ${PROLIFIC_CITIZEN_PHONE}; staff as in the demo (admin +91 90000 00001, moderator +91 90000 00002).`,
    );
  } else {
    const added = await seedReports(database, ids);
    const bodies = await seedBodies(database, true);
    if (bodies) console.log(`Seeded the sample city's ${bodies} bodies (data/bodies/sample-city.geojson) and routed the demo reports to them.`);
    const total = await sql<{ n: number }>`select count(*)::int as n from reports`.execute(database);
    console.log(`Seeded: admin +91 90000 00001, moderator +91 90000 00002, ${CITIZENS.length} citizens; ${added ? `${added} reports added` : "reports already there"} (${total.rows[0]!.n} in total).`);
  }
} catch (err) {
  logger.error({ err }, `Seeding failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
} finally {
  await database.destroy();
}
