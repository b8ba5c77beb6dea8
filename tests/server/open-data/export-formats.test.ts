import { describe, expect, it } from "vitest";
import { csvFormat, geoJsonFormat, reportUrl } from "@/server/domain/open-data/export-formats";
import type { OpenReport } from "@/server/domain/open-data/export-rows";

const APP = "https://civiclens.example";
const row = (over: Partial<OpenReport> = {}): OpenReport => ({
  id: "7d7b1a52-4d0a-4c55-9d0e-2b0f5c1d9e11",
  ref: "CL-2026-000042",
  category: "roads",
  status: "resolved",
  severity: "high",
  priority: null,
  title: 'Pothole "crater" on 5th Main, near the \u2028 temple',
  description: "Back\\slash, tab\there,\nnew line, emoji 🚧 and हिंदी",
  latitude: -0.0000005,
  longitude: -73.25,
  created_at: "2026-03-02T06:00:00.000Z",
  acknowledged_at: null,
  resolved_at: "2026-03-03T16:00:00.000Z",
  position: "2026-03-02 06:00:00.000123+00",
  ...over,
});

describe("the export's writers", () => {
  it("write each GeoJSON feature exactly as JSON.stringify writes the feature object, commas between features", () => {
    const rows = [row(), row({ ref: "CL-2026-000043", category: null, latitude: 12.9716, longitude: 77.5946, acknowledged_at: "2026-03-02T08:00:00.000Z" })];
    const feature = (r: OpenReport) => ({
      type: "Feature",
      geometry: { type: "Point", coordinates: [r.longitude, r.latitude] },
      properties: {
        ref: r.ref, url: reportUrl(APP, r.ref), category: r.category, status: r.status, severity: r.severity, priority: r.priority,
        title: r.title, description: r.description, created_at: r.created_at, acknowledged_at: r.acknowledged_at, resolved_at: r.resolved_at,
      },
    });
    const f = geoJsonFormat(APP);
    const text = f.head + [...rows, row({ ref: "CL-2026-000044" })].map((r, i) => f.row(r, i === 0)).join("") + f.tail;
    expect(text).toBe(JSON.stringify({ type: "FeatureCollection", features: [...rows, row({ ref: "CL-2026-000044" })].map(feature) }) + "\n");
  });

  it("write a CSV record per report, the page's address as reportUrl gives it", () => {
    const text = csvFormat(APP).row(row({ ref: "CL 2026/7" }), true);
    expect(text).toBe(
      `CL 2026/7,${reportUrl(APP, "CL 2026/7")},roads,resolved,high,,"Pothole ""crater"" on 5th Main, near the \u2028 temple","Back\\slash, tab\there,\nnew line, emoji 🚧 and हिंदी",-5e-7,-73.25,2026-03-02T06:00:00.000Z,,2026-03-03T16:00:00.000Z\r\n`,
    );
  });
});
