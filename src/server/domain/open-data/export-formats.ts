import "server-only";
import { csvCell, csvRow } from "./csv";
import type { OpenReport } from "./export-rows";

/** How a download is written: what opens it, each report (`first` for the download's first), and what closes it. */
export interface ExportFormat {
  contentType: string;
  extension: string;
  head: string;
  row(report: OpenReport, first: boolean): string;
  tail: string;
}

/** A report's public page. */
export const reportUrl = (appUrl: string, ref: string) => new URL(`/reports/${encodeURIComponent(ref)}`, appUrl).toString();

/**
 * What every report's page address starts with, resolved once per download: a URL object per row
 * was most of the garbage a row made. `reportUrl` gives the same text (an encoded ref is left as it is).
 */
const reportUrlPrefix = (appUrl: string) => new URL("/reports/", appUrl).toString();

const CSV_COLUMNS = [
  "ref", "url", "category", "status", "severity", "priority", "title", "description",
  "latitude", "longitude", "created_at", "acknowledged_at", "resolved_at",
] as const;

/** One report as a CSV record, written cell by cell into one short string: no array of cells per row. */
function csvRecord(pages: string, r: OpenReport): string {
  return (
    csvCell(r.ref) + "," + csvCell(pages + encodeURIComponent(r.ref)) + "," + csvCell(r.category) + "," + csvCell(r.status) + "," +
    csvCell(r.severity) + "," + csvCell(r.priority) + "," + csvCell(r.title) + "," + csvCell(r.description) + "," +
    csvCell(r.latitude) + "," + csvCell(r.longitude) + "," + csvCell(r.created_at) + "," + csvCell(r.acknowledged_at) + "," +
    csvCell(r.resolved_at) + "\r\n"
  );
}

export function csvFormat(appUrl: string): ExportFormat {
  const pages = reportUrlPrefix(appUrl);
  return {
    contentType: "text/csv; charset=utf-8",
    extension: "csv",
    head: csvRow(CSV_COLUMNS),
    row: (r) => csvRecord(pages, r),
    tail: "",
  };
}

const json = (v: string | null) => (v === null ? "null" : JSON.stringify(v));

/**
 * A GeoJSON Feature (RFC 7946: coordinates are longitude, latitude), written as text in the order
 * `JSON.stringify` of the feature object would write it, without making the object.
 */
function geoJsonFeatureText(pages: string, r: OpenReport): string {
  return (
    '{"type":"Feature","geometry":{"type":"Point","coordinates":[' + JSON.stringify(r.longitude) + "," + JSON.stringify(r.latitude) + "]}," +
    '"properties":{"ref":' + json(r.ref) + ',"url":' + json(pages + encodeURIComponent(r.ref)) + ',"category":' + json(r.category) +
    ',"status":' + json(r.status) + ',"severity":' + json(r.severity) + ',"priority":' + json(r.priority) +
    ',"title":' + json(r.title) + ',"description":' + json(r.description) + ',"created_at":' + json(r.created_at) +
    ',"acknowledged_at":' + json(r.acknowledged_at) + ',"resolved_at":' + json(r.resolved_at) + "}}"
  );
}

/** A FeatureCollection written feature by feature, so it never exists whole in memory. */
export function geoJsonFormat(appUrl: string): ExportFormat {
  const pages = reportUrlPrefix(appUrl);
  return {
    contentType: "application/geo+json; charset=utf-8",
    extension: "geojson",
    head: '{"type":"FeatureCollection","features":[',
    row: (r, first) => (first ? "" : ",") + geoJsonFeatureText(pages, r),
    tail: "]}\n",
  };
}
