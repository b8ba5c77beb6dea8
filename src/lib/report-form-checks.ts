/**
 * The report form's checks in the browser, in the same limits as the server's schema
 * (src/server/domain/reports/report.schemas.ts), said as what to do in the
 * reader's language (the `FORM_MESSAGES` of `useLabels()`). The server checks again.
 */
import type { FormMessages } from "./labels";

export const REPORT_FIELDS = ["title", "description", "location", "latitude", "longitude", "address"] as const;
export type ReportField = (typeof REPORT_FIELDS)[number];

/** "location" (no point at all) is shown with the coordinates and focuses the latitude input. */
export const REPORT_FIELD_IDS: Partial<Record<ReportField, string>> = { location: "latitude" };
export const REPORT_FIELD_LABELS: Record<ReportField, string> = {
  title: "What is the problem?",
  description: "Describe it",
  location: "Where is it?",
  latitude: "Latitude",
  longitude: "Longitude",
  address: "Landmark or address",
};

export interface ReportValues {
  title: string;
  description: string;
  latitude: string;
  longitude: string;
  address: string;
}

const inRange = (raw: string, limit: number) => raw !== "" && Number.isFinite(Number(raw)) && Math.abs(Number(raw)) <= limit;

export function checkReportField(field: ReportField, v: ReportValues, messages: FormMessages): string | null {
  switch (field) {
    case "title":
      return v.title.trim().length < 5 ? messages.titleShort : null;
    case "description":
      return v.description.trim().length < 10 ? messages.descriptionShort : null;
    case "location":
      return v.latitude === "" && v.longitude === "" ? messages.locationMissing : null;
    case "latitude":
      return v.latitude === "" && v.longitude === "" ? null : inRange(v.latitude, 90) ? null : messages.latitudeInvalid;
    case "longitude":
      return v.latitude === "" && v.longitude === "" ? null : inRange(v.longitude, 180) ? null : messages.longitudeInvalid;
    case "address":
      return v.address.length > 300 ? messages.addressLong : null;
  }
}
