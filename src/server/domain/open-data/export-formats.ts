import "server-only";
import { csvRow } from "./csv";
import type { OpenReport } from "./export-rows";

/** How a download is written: what opens it, each batch, and what closes it. */
export interface ExportFormat {
  contentType: string;
  extension: string;
  head: string;
  batch(rows: readonly OpenReport[], first: boolean): string;
  tail: string;
}

/** A report's public page. */
export const reportUrl = (appUrl: string, ref: string) => new URL(`/reports/${encodeURIComponent(ref)}`, appUrl).toString();

const iso = (d: Date | null) => (d ? d.toISOString() : null);

const CSV_COLUMNS = [
  "ref", "url", "category", "status", "severity", "priority", "title", "description",
  "latitude", "longitude", "created_at", "acknowledged_at", "resolved_at",
] as const;

export function csvFormat(appUrl: string): ExportFormat {
  return {
    contentType: "text/csv; charset=utf-8",
    extension: "csv",
    head: csvRow(CSV_COLUMNS),
    batch: (rows) =>
      rows
        .map((r) =>
          csvRow([
            r.ref, reportUrl(appUrl, r.ref), r.category, r.status, r.severity, r.priority, r.title, r.description,
            r.latitude, r.longitude, r.created_at, r.acknowledged_at, r.resolved_at,
          ]),
        )
        .join(""),
    tail: "",
  };
}

/** A GeoJSON Feature (RFC 7946: coordinates are longitude, latitude). */
export function geoJsonFeature(appUrl: string, r: OpenReport) {
  return {
    type: "Feature" as const,
    geometry: { type: "Point" as const, coordinates: [r.longitude, r.latitude] },
    properties: {
      ref: r.ref,
      url: reportUrl(appUrl, r.ref),
      category: r.category,
      status: r.status,
      severity: r.severity,
      priority: r.priority,
      title: r.title,
      description: r.description,
      created_at: iso(r.created_at),
      acknowledged_at: iso(r.acknowledged_at),
      resolved_at: iso(r.resolved_at),
    },
  };
}

/** A FeatureCollection written feature by feature, so it never exists whole in memory. */
export function geoJsonFormat(appUrl: string): ExportFormat {
  return {
    contentType: "application/geo+json; charset=utf-8",
    extension: "geojson",
    head: '{"type":"FeatureCollection","features":[',
    batch: (rows, first) => (first ? "" : ",") + rows.map((r) => JSON.stringify(geoJsonFeature(appUrl, r))).join(","),
    tail: "]}\n",
  };
}
