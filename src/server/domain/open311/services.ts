import "server-only";
import { CATEGORIES, CATEGORY_LABELS, SEVERITIES, type Category } from "@/shared/report-catalog";

/**
 * The Open311 services: one per report category, its code the category's value. Every service takes
 * the same one attribute, the citizen's severity, so each has `metadata: true`.
 */
export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: "realtime";
  keywords: string;
  group: string;
}

export interface Open311Attribute {
  variable: boolean;
  code: string;
  datatype: "singlevaluelist";
  required: boolean;
  datatype_description: string | null;
  order: number;
  description: string;
  values: { key: string; name: string }[];
}

/** The severity a request is filed with when the client gives none. */
export const DEFAULT_SEVERITY = "medium";

const SEVERITY_NAMES: Record<(typeof SEVERITIES)[number], string> = {
  low: "Low: an inconvenience",
  medium: "Medium: needs attention soon",
  high: "High: a real problem for many people",
  critical: "Critical: a danger to people now",
};

/** The attributes every service takes, by code. */
export const ATTRIBUTES: readonly Open311Attribute[] = [
  {
    variable: true,
    code: "severity",
    datatype: "singlevaluelist",
    required: false,
    datatype_description: `One of ${SEVERITIES.join(", ")}; ${DEFAULT_SEVERITY} when left out.`,
    order: 1,
    description: "How serious is it?",
    values: SEVERITIES.map((key) => ({ key, name: SEVERITY_NAMES[key] })),
  },
];

export const isServiceCode = (code: string): code is Category => (CATEGORIES as readonly string[]).includes(code);

export const serviceName = (code: string): string | null => (isServiceCode(code) ? CATEGORY_LABELS[code] : null);

export function listServices(): Open311Service[] {
  return CATEGORIES.map((code) => ({
    service_code: code,
    service_name: CATEGORY_LABELS[code],
    description: `Reports of ${CATEGORY_LABELS[code].toLowerCase()} problems.`,
    metadata: ATTRIBUTES.length > 0,
    type: "realtime",
    keywords: code.replace(/_/g, " "),
    group: "civic",
  }));
}

/** The service definition, or null for a code that is no service. */
export function serviceDefinition(code: string): { service_code: string; attributes: Open311Attribute[] } | null {
  if (!isServiceCode(code)) return null;
  return { service_code: code, attributes: [...ATTRIBUTES] };
}
