import "server-only";
import type { Role } from "../../db/schema";
import { maskPhone } from "../phone";

/**
 * Citizens' contact data (phones, emails, IP addresses, user agents) as staff screens show it.
 * Moderators work reports, not people: they get masked values, enough to tell two entries apart.
 * Admins get them in full, for the work that needs them (tracing abuse, re-sending a letter).
 */
const MASK = "•";

export function seesContactData(viewer: { role: Role }): boolean {
  return viewer.role === "admin";
}

/** "asha.rao@example.com" -> "a•••@example.com": the domain stays, for telling providers apart. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  return at < 1 ? MASK.repeat(3) : `${email[0]}${MASK.repeat(3)}${email.slice(at)}`;
}

/** Any phone-looking text: its digits (and a leading "+") through the sign-in screens' mask. */
function maskPhoneText(text: string): string {
  const digits = text.replace(/[^\d+]/g, "").replace(/(?!^)\+/g, "");
  return digits.replace(/\D/g, "").length >= 7 ? maskPhone(digits) : maskText(text);
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** The eight 16-bit groups of an IPv6 address (an embedded IPv4 tail counts as two), or null. */
function ipv6Groups(text: string): string[] | null {
  if (!/^[0-9a-f:.]+$/i.test(text) || text.split("::").length > 2) return null;
  const v4 = IPV4.exec(text.slice(text.lastIndexOf(":") + 1));
  const body = v4 ? `${text.slice(0, text.lastIndexOf(":") + 1)}0:0` : text;
  const [head, tail] = body.split("::") as [string, string | undefined];
  const part = (s: string) => (s === "" ? [] : s.split(":"));
  const left = part(head);
  const right = tail === undefined ? [] : part(tail);
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return null;
  const groups = [...left, ...Array<string>(tail === undefined ? 0 : missing).fill("0"), ...right];
  return groups.every((g) => /^[0-9a-f]{1,4}$/i.test(g)) ? groups : null;
}

/** "203.0.113.9" -> "203.0.113.x"; IPv6 keeps its /48 (the site), not the host. */
export function maskIp(ip: string): string {
  const v4 = IPV4.exec(ip.trim());
  if (v4) return `${v4[1]}.${v4[2]}.${v4[3]}.x`;
  const mapped = /^::ffff:(.+)$/i.exec(ip.trim());
  if (mapped && IPV4.test(mapped[1]!)) return `::ffff:${maskIp(mapped[1]!)}`;
  const groups = ipv6Groups(ip.trim());
  if (groups) return `${groups.slice(0, 3).map((g) => g.replace(/^0+(?=.)/, "").toLowerCase()).join(":")}::/48`;
  return MASK.repeat(3);
}

const BROWSERS: [RegExp, string][] = [
  [/\bEdg(e|A|iOS)?\//, "Edge"],
  [/\b(OPR|Opera)\//, "Opera"],
  [/\b(Firefox|FxiOS)\//, "Firefox"],
  [/\b(Chrome|CriOS|Chromium)\//, "Chrome"],
  [/\bSafari\//, "Safari"],
];
const SYSTEMS: [RegExp, string][] = [
  [/Android/, "Android"],
  [/iPhone|iPad|iPod/, "iOS"],
  [/CrOS/, "ChromeOS"],
  [/Windows/, "Windows"],
  [/Mac OS X|Macintosh/, "macOS"],
  [/Linux/, "Linux"],
];

/**
 * "Mozilla/5.0 (Linux; Android 14; SM-S918B) … Chrome/126 …" -> "Chrome on Android": the full
 * string, with its versions and device model, narrows a citizen down; a family does not. A client
 * that is no browser keeps its product name only (e.g. "curl"), never the free text after it.
 */
export function describeUserAgent(ua: string): string {
  const browser = BROWSERS.find(([re]) => re.test(ua))?.[1] ?? /^([A-Za-z][\w.-]{0,30})\//.exec(ua)?.[1];
  const system = SYSTEMS.find(([re]) => re.test(ua))?.[1];
  if (browser === "Mozilla") return system ? `a browser on ${system}` : "a browser";
  return [browser ?? "an unknown client", system].filter(Boolean).join(" on ");
}

const EMAIL_IN_TEXT = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;
// International numbers: "+", then 8-15 digits, single spaces or dashes allowed between them.
const PLUS_PHONE_IN_TEXT = /(?<![\w.:/+-])\+\d(?:[ -]?\d){7,14}(?![\w:/-]|\.\d)/g;
// National numbers: 10-12 digits standing alone (not part of an id, a version or a timestamp).
const BARE_PHONE_IN_TEXT = /(?<![\w.:/+-])\d(?:[ -]?\d){9,11}(?![\w:/-]|\.\d)/g;
const IPV4_IN_TEXT = /(?<![\w.])\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?![\w]|\.\d)/g;
const IPV6_IN_TEXT = /(?<![\w:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?::\d{1,3}(?:\.\d{1,3}){3})?(?![\w:]|\.\d)/g;

/**
 * Masks whatever in free text looks like an email, a phone number or an IP address, so that a new
 * event field or an error message quoting a recipient cannot carry one past the mask.
 */
export function maskText(text: string): string {
  return text
    .replace(EMAIL_IN_TEXT, maskEmail)
    .replace(IPV6_IN_TEXT, (m) => (ipv6Groups(m) && m.replace(/[:0]/g, "") !== "" ? maskIp(m) : m))
    .replace(IPV4_IN_TEXT, (m) => maskIp(m))
    .replace(PLUS_PHONE_IN_TEXT, maskPhoneText)
    .replace(BARE_PHONE_IN_TEXT, maskPhoneText);
}

type Masker = (value: string) => string;

/** Fields known to hold contact data, by name (case and "_" ignored), with how each is masked. */
function maskerForKey(key: string): Masker | undefined {
  const k = key.toLowerCase().replace(/[^a-z0-9]/g, "");
  if (k.endsWith("phone") || k === "phonenumber" || k === "mobile") return maskPhoneText;
  if (k.endsWith("email")) return maskEmail;
  if (k === "ip" || k.endsWith("ipaddress") || k === "clientip" || k === "remoteaddress" || k === "xforwardedfor") return maskIp;
  if (k === "useragent") return describeUserAgent;
  if (k === "recipient" || k === "recipients") return (v) => (v.includes("@") ? maskEmail(v) : maskPhoneText(v));
  return undefined;
}

/**
 * A JSON value with every contact field masked: by its key where the name says what it holds, and
 * by shape everywhere else (maskText on every string), so a field added to an event later is
 * masked without anyone listing it here.
 */
export function maskContactsInJson(value: unknown, masker?: Masker): unknown {
  if (typeof value === "string") return masker ? masker(value) : maskText(value);
  if (typeof value === "number" && masker) return masker(String(value));
  if (Array.isArray(value)) return value.map((v) => maskContactsInJson(v, masker));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskContactsInJson(v, maskerForKey(k) ?? masker)]));
  }
  return value;
}
