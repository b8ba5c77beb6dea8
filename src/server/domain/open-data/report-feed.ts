import "server-only";
import { Feed } from "feed";
import { sql, type Expression, type SqlBool } from "kysely";
import type { Executor } from "../../db/client";
import { publicFilter } from "../reports/public-filters";
import { reportUrl } from "./export-formats";
import type { AreaFilter } from "./open-data.schemas";
import type { Category } from "@/shared/report-catalog";

/** Entries in one feed: the newest reports; a reader polls for more. */
export const FEED_ENTRIES = 50;

export interface FeedFilter {
  category?: Category;
  area?: AreaFilter;
}

/** Within the circle: the earth_box prefilter answers from the GiST index on ll_to_earth, earth_distance makes it exact. */
function insideCircle(a: AreaFilter): Expression<SqlBool> {
  const centre = sql`ll_to_earth(${a.latitude}::float8, ${a.longitude}::float8)`;
  const point = sql`ll_to_earth(reports.latitude, reports.longitude)`;
  return sql<SqlBool>`(earth_box(${centre}, ${a.radiusMeters}::float8) @> ${point} and earth_distance(${centre}, ${point}) <= ${a.radiusMeters}::float8)`;
}

/** The newest public reports of a category and/or an area, newest first: public fields only. */
export async function newestReports(db: Executor, f: FeedFilter, limit = FEED_ENTRIES) {
  let q = db
    .selectFrom("reports")
    .select(["id", "ref", "title", "description", "category", "status", "latitude", "longitude", "created_at"])
    .where(publicFilter({ category: f.category }))
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(limit);
  if (f.area) q = q.where(insideCircle(f.area));
  return q.execute();
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/**
 * The feed library marks titles and summaries as HTML (type="html", in CDATA): a citizen's words are
 * escaped so a reader shows them as text, never as markup, and a "]]>" in them cannot end the CDATA.
 */
export const asHtmlText = (text: string) => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

export interface FeedWords {
  title: string;
  description: string;
  /** A category's name in the feed's language. */
  categoryName(category: string): string;
}

/** The Atom document: one entry per report, linking to its page; never who filed it. */
export async function reportsAtomFeed(db: Executor, f: FeedFilter, o: { appUrl: string; selfUrl: string; words: FeedWords; language: string }): Promise<string> {
  const rows = await newestReports(db, f);
  const feed = new Feed({
    id: o.selfUrl,
    title: o.words.title,
    description: o.words.description,
    link: new URL("/reports", o.appUrl).toString(),
    language: o.language,
    updated: rows[0]?.created_at ?? new Date(0),
    feedLinks: { atom: o.selfUrl },
    copyright: "",
    generator: "CivicLens",
  });
  for (const r of rows) {
    const url = reportUrl(o.appUrl, r.ref);
    feed.addItem({
      id: url,
      link: url,
      title: asHtmlText(`${r.ref}: ${r.title}`),
      date: r.created_at,
      published: r.created_at,
      description: asHtmlText(r.description),
      category: r.category ? [{ term: r.category, name: o.words.categoryName(r.category) }] : undefined,
    });
  }
  return feed.atom1();
}
