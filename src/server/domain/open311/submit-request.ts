import "server-only";
import { z } from "zod";
import type { DB } from "../../db/client";
import { AppError } from "../errors";
import { submitReportInput } from "../reports/report.schemas";
import { submitReport, type SubmitContext } from "../reports/submit-report";
import type { Open311Client } from "./api-keys";
import { ATTRIBUTES, DEFAULT_SEVERITY, isServiceCode, serviceName } from "./services";

/** The longest title a request's description gives its report (the web form allows more). */
const TITLE_MAX = 100;
const FIELDS = new Set(["api_key", "service_code", "lat", "long", "address_string", "address_id", "description", "email", "phone", "first_name", "last_name", "media_url", "device_id", "account_id", "jurisdiction_id"]);
const ATTRIBUTE = /^attribute\[([A-Za-z0-9_]{1,40})\](\[\])?$/;

const contactText = (field: string, max: number) => z.string().trim().max(max, `${field} must be at most ${max} characters`).optional();
const contactInput = z.object({
  email: z.email({ error: "email must be an email address" }).max(254, "email must be at most 254 characters").optional(),
  phone: z.string().trim().regex(/^\+?[0-9 ()-]{5,20}$/, "phone must be a phone number").optional(),
  first_name: contactText("first_name", 100),
  last_name: contactText("last_name", 100),
});

export interface Open311Filing {
  /** The request's fields as posted (form-encoded); each name at most once. */
  fields: Map<string, string>;
  /** The city's map centre: where a request given only by address is placed until a geocoder exists. */
  fallbackLocation: { latitude: number; longitude: number };
}

const bad = (field: string, message: string) => new AppError("INVALID_INPUT", message, { field });
const blank = (v: string | undefined) => v === undefined || v.trim() === "";

/** A report's title from a request's description: its first line, cut at a word, after the service's name. */
export function titleFrom(service: string, description: string): string {
  const line = description.trim().split(/\r?\n/)[0]!.replace(/\s+/g, " ");
  const room = TITLE_MAX - service.length - 2;
  const cut = line.length <= room ? line : `${line.slice(0, room - 1).replace(/\s+\S*$/, "")}…`;
  return `${service}: ${cut}`;
}

function coordinate(fields: Map<string, string>, field: "lat" | "long"): number | undefined {
  const raw = fields.get(field);
  if (blank(raw)) return undefined;
  if (!/^-?\d{1,3}(\.\d{1,15})?$/.test(raw!.trim())) throw bad(field, `${field} must be a number in decimal degrees`);
  const n = Number(raw);
  const max = field === "lat" ? 90 : 180;
  if (n < -max || n > max) throw bad(field, `${field} must be between -${max} and ${max}`);
  return n;
}

/** The request's form as the web form's input: the same rules then apply (submitReportInput). */
export function readOpen311Filing({ fields, fallbackLocation }: Open311Filing) {
  for (const name of fields.keys()) {
    if (!FIELDS.has(name) && !ATTRIBUTE.test(name)) throw bad(name.slice(0, 60), `${name.slice(0, 60)} is not a field of a service request`);
  }
  const code = fields.get("service_code")?.trim() ?? "";
  if (!code) throw bad("service_code", "service_code is required (see services.json)");
  if (!isServiceCode(code)) throw bad("service_code", `service_code ${JSON.stringify(code.slice(0, 40))} is not a service (see services.json)`);

  let severity = DEFAULT_SEVERITY;
  for (const [name, value] of fields) {
    const m = ATTRIBUTE.exec(name);
    if (!m) continue;
    const attribute = ATTRIBUTES.find((a) => a.code === m[1]);
    if (!attribute) throw bad(name, `${m[1]} is not an attribute of ${code} (see services/${code}.json)`);
    if (!attribute.values.some((v) => v.key === value)) throw bad(name, `${name} must be one of ${attribute.values.map((v) => v.key).join(", ")}`);
    severity = value;
  }

  const lat = coordinate(fields, "lat");
  const long = coordinate(fields, "long");
  if ((lat === undefined) !== (long === undefined)) throw bad(lat === undefined ? "lat" : "long", "Give both lat and long, or neither with an address_string");
  const address = fields.get("address_string")?.trim() || undefined;
  if (lat === undefined && !address) throw bad("lat", "Give a location: lat and long, or an address_string");
  const description = fields.get("description") ?? "";
  if (blank(description)) throw bad("description", "description is required");
  const mediaUrl = fields.get("media_url")?.trim() || undefined;
  if (mediaUrl && (!/^https?:\/\//i.test(mediaUrl) || mediaUrl.length > 2000 || !URL.canParse(mediaUrl))) throw bad("media_url", "media_url must be an http(s) URL");

  const report = submitReportInput.safeParse({
    title: titleFrom(serviceName(code)!, description),
    description,
    latitude: lat ?? fallbackLocation.latitude,
    longitude: long ?? fallbackLocation.longitude,
    severity,
    category: code,
    address,
  });
  if (!report.success) {
    const issue = report.error.issues[0]!;
    const field = { latitude: "lat", longitude: "long", address: "address_string", title: "description" }[String(issue.path[0])] ?? String(issue.path[0]);
    throw bad(field, `${field}: ${issue.message}`);
  }
  const contact = contactInput.safeParse({
    email: fields.get("email")?.trim() || undefined,
    phone: fields.get("phone")?.trim() || undefined,
    first_name: fields.get("first_name")?.trim() || undefined,
    last_name: fields.get("last_name")?.trim() || undefined,
  });
  if (!contact.success) {
    const issue = contact.error.issues[0]!;
    throw bad(String(issue.path[0]), issue.message);
  }
  return { report: report.data, contact: contact.data, mediaUrl };
}

/**
 * Files an Open311 service request through the web form's own path (submitReport: the reporter's
 * standing, the rate limit, the report, its timeline entry and its `report/created` event in one
 * statement), as the key's client, counted against the key's own hourly limit. Contact data, when
 * given (and a media URL), is written in the same transaction: a request is filed with it or not at all.
 */
export async function submitOpen311Request(db: DB, client: Open311Client, filing: Open311Filing, ctx: Pick<SubmitContext, "ip" | "userAgent">, now = new Date()) {
  const { report, contact, mediaUrl } = readOpen311Filing(filing);
  const limits = { perUser: client.requestsPerHour, windowSeconds: 3600 };
  const context: SubmitContext = { ...ctx, open311KeyId: client.keyId };
  const hasContact = mediaUrl !== undefined || Object.values(contact).some((v) => v !== undefined);
  if (!hasContact) return submitReport(db, client.clientUserId, report, context, limits, now);
  return db.transaction().execute(async (trx) => {
    const filed = await submitReport(trx, client.clientUserId, report, context, limits, now);
    await trx
      .insertInto("open311_submissions")
      .values({ report_id: filed.id, email: contact.email ?? null, phone: contact.phone ?? null, first_name: contact.first_name ?? null, last_name: contact.last_name ?? null, media_url: mediaUrl ?? null })
      .execute();
    return filed;
  });
}
