import "server-only";
import { env } from "../config/env";
import { db } from "../db/client";
import { isDatabaseUnavailable } from "../db/errors";
import { AppError } from "../domain/errors";
import { HTTP_STATUS } from "./http-status";
import { csvFormat, geoJsonFormat, type ExportFormat } from "../domain/open-data/export-formats";
import { exportStream } from "../domain/open-data/export-stream";
import { checkExportBody } from "../domain/open-data/export-rows";
import { consumeOpenDataLimit } from "../domain/open-data/open-data-limits";
import { parseExportFilter, parseFeedFilter, type ExportFilter } from "../domain/open-data/open-data.schemas";
import { reportsAtomFeed } from "../domain/open-data/report-feed";
import { logger } from "../logging/logger";
import { clientInfo } from "./request-context";
import { translator } from "@/i18n/messages";
import { DEFAULT_LOCALE, type Locale } from "@/shared/locales";
import type { Category } from "@/shared/report-catalog";


/** Downloads and feeds may be kept by caches and readers this long: new reports show within minutes. */
const CACHE_CONTROL = "public, max-age=300";

function refusal(e: AppError): Response {
  const headers: Record<string, string> = { "cache-control": "no-store" };
  if (e.retryAfterSeconds) headers["retry-after"] = String(e.retryAfterSeconds);
  return Response.json({ error: { code: e.code, message: e.message, ...(e.field ? { field: e.field } : {}) } }, { status: HTTP_STATUS[e.code], headers });
}

/** Runs a route's checks; bad input and limits become their 4xx, a database out of reach a 503. */
async function answering(what: string, run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof AppError) return refusal(err);
    if (isDatabaseUnavailable(err)) return refusal(new AppError("UNAVAILABLE", "The database is out of reach; try again shortly."));
    logger.error({ err }, `[open-data] ${what} failed`);
    throw err;
  }
}

/** The download's file name says what it holds: the filters given, else the day it was taken. */
export function exportFileName(f: ExportFilter, extension: string, now = new Date()): string {
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const parts = ["civiclens-reports"];
  if (f.body) parts.push(f.body);
  if (f.category) parts.push(f.category);
  if (f.status) parts.push(f.status);
  if (f.from || f.toBefore) parts.push(`${f.from ? day(f.from) : "start"}-to-${f.toBefore ? day(new Date(f.toBefore.getTime() - 1)) : day(now)}`);
  else parts.push(day(now));
  return `${parts.join("-")}.${extension}`;
}

async function exportResponse(request: Request, format: (appUrl: string) => ExportFormat): Promise<Response> {
  return answering("export", async () => {
    const filter = parseExportFilter(new URL(request.url).searchParams);
    const database = db();
    await checkExportBody(database, filter);
    await consumeOpenDataLimit(database, "export", clientInfo(request.headers).ip);
    const f = format(env().APP_URL);
    return new Response(exportStream(database, filter, f), {
      headers: {
        "content-type": f.contentType,
        "content-disposition": `attachment; filename="${exportFileName(filter, f.extension)}"`,
        "cache-control": CACHE_CONTROL,
        "x-content-type-options": "nosniff",
      },
    });
  });
}

/** GET /api/open-data/reports.csv: public reports as CSV, streamed. */
export const reportsCsvResponse = (request: Request) => exportResponse(request, csvFormat);
/** GET /api/open-data/reports.geojson: public reports as a GeoJSON FeatureCollection, streamed. */
export const reportsGeoJsonResponse = (request: Request) => exportResponse(request, geoJsonFormat);

/** A category as the pages name it, in `locale`; every key written out, so the catalog check sees each one. */
function categoryNames(locale: Locale): (category: string) => string {
  const label = translator(locale, "Labels");
  const names: Record<Category, () => string> = {
    roads: () => label("category.roads"),
    streetlights: () => label("category.streetlights"),
    garbage: () => label("category.garbage"),
    water_supply: () => label("category.water_supply"),
    drainage: () => label("category.drainage"),
    electricity: () => label("category.electricity"),
    trees_parks: () => label("category.trees_parks"),
    public_property: () => label("category.public_property"),
    public_safety: () => label("category.public_safety"),
    environment: () => label("category.environment"),
    other: () => label("category.other"),
  };
  return (category) => names[category as Category]?.() ?? category.replace(/_/g, " ");
}

/** GET /api/open-data/feed.atom?category=&lat=&lon=&radius=: the newest public reports as Atom, in the reader's language. */
export async function reportsFeedResponse(request: Request): Promise<Response> {
  return answering("feed", async () => {
    const url = new URL(request.url);
    const { category, area } = parseFeedFilter(url.searchParams);
    const info = clientInfo(request.headers);
    const locale = info.locale ?? DEFAULT_LOCALE;
    const database = db();
    await consumeOpenDataLimit(database, "feed", info.ip);
    const t = translator(locale, "OpenData");
    const categoryName = categoryNames(locale);
    const scope = category ? categoryName(category) : t("feedAllCategories");
    const title = area ? t("feedTitleArea", { scope, radius: area.radiusMeters }) : t("feedTitle", { scope });
    const selfUrl = new URL(`${url.pathname}${url.search}`, env().APP_URL).toString();
    const xml = await reportsAtomFeed(database, { category, area }, {
      appUrl: env().APP_URL,
      selfUrl,
      language: locale,
      words: { title, description: t("feedDescription"), categoryName },
    });
    return new Response(xml, {
      headers: { "content-type": "application/atom+xml; charset=utf-8", "cache-control": CACHE_CONTROL, vary: "accept-language, cookie" },
    });
  });
}
