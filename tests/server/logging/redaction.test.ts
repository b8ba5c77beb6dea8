/**
 * No phone number, email address, one-time code or token reaches a log line, whether it comes as a
 * known field, inside a message, or inside an error's message and stack: the lines are read as
 * they are written.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { createLogger } from "@/server/logging/logger";
import { scrubText } from "@/server/logging/redaction";

const PHONE = "+919876543210";
const SPACED_PHONE = "+91 98765 43210";
const EMAIL = "asha.rao+civic@example.org";
const CODE = "482913";
const TOKEN = "c2VjcmV0LXZlcmlmaWNhdGlvbi10b2tlbg";
const SIGNING_KEY = `signkey-prod-${"ab".repeat(32)}`;
const SECRETS = [PHONE, "9876543210", SPACED_PHONE, EMAIL, CODE, TOKEN, SIGNING_KEY, "98765 43210"];

function jsonLines() {
  const lines: string[] = [];
  const log = createLogger({ level: "trace", output: "json", destination: { write: (line: string) => void lines.push(line) } });
  return { log, lines };
}

function expectNoSecrets(text: string) {
  for (const secret of SECRETS) expect(text, `${secret} in ${text}`).not.toContain(secret);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("log redaction", () => {
  it("censors known fields at the top, one level down, in headers and in an event's payload", () => {
    const { log, lines } = jsonLines();
    log.info(
      {
        phone: PHONE,
        email: EMAIL,
        token: TOKEN,
        user: { id: "u-1", phone: "9876543210", email: EMAIL },
        message: { recipient: PHONE, channel: "sms" },
        headers: { authorization: `Bearer ${TOKEN}`, cookie: `next-auth.session-token=${TOKEN}`, "user-agent": "vitest" },
        event: { id: "evt-1", name: "auth/otp.requested", data: { phone: PHONE, code: CODE } },
        data: { token: TOKEN, code: CODE },
      },
      "event received",
    );
    const entry = JSON.parse(lines[0]!) as Record<string, Record<string, unknown>>;
    expectNoSecrets(lines[0]!);
    expect(entry.user).toEqual({ id: "u-1", phone: "[redacted]", email: "[redacted]" });
    expect(entry.message).toEqual({ recipient: "[redacted]", channel: "sms" });
    expect(entry.headers).toMatchObject({ authorization: "[redacted]", cookie: "[redacted]", "user-agent": "vitest" });
    expect(entry.event).toMatchObject({ id: "evt-1", name: "auth/otp.requested", data: { phone: "[redacted]", code: "[redacted]" } });
  });

  it("scrubs messages, errors and fields of any other name, and keeps every line valid JSON", () => {
    const { log, lines } = jsonLines();
    const twilio = Object.assign(new Error(`The 'To' number ${PHONE} is not a valid phone number.\nSent "${CODE} is your CivicLens sign-in code." to ${SPACED_PHONE}`), { code: 21211 });
    log.error({ err: twilio }, `[sms] delivery to ${PHONE} failed`);
    log.warn({ detail: `verify link https://civiclens.example.org/verify-email?token=${TOKEN}&next=%2F sent to ${EMAIL}` }, "sent");
    log.warn({ input: JSON.stringify({ phone: PHONE, code: CODE }) }, `GET /api/trpc/auth.requestOtp?input=${encodeURIComponent(JSON.stringify({ phone: PHONE, email: EMAIL }))}`);
    log.info(`Inngest signing key ${SIGNING_KEY}; Authorization: Bearer ${TOKEN}; sign-in code: ${CODE}`);
    log.info(`line one\n${EMAIL}\tcode ${CODE}`);

    expect(lines).toHaveLength(5);
    for (const line of lines) {
      expectNoSecrets(line);
      expect(() => JSON.parse(line), line).not.toThrow();
    }
    const error = JSON.parse(lines[0]!) as { err: { message: string; stack: string; code: number } };
    expect(error.err.code).toBe(21211);
    expect(error.err.stack).toContain("is not a valid phone number");
    expect(JSON.parse(lines[4]!).msg).toBe("line one\n[redacted]\tcode [redacted]");
  });

  it("keeps what is not personal: error codes, SQLSTATEs, ids, times and counts", () => {
    const text = 'code ECONNREFUSED; "code":"23505" duplicate key; report CL-2026-000123 at 2026-12-05T10:00:00.000+05:30; 1234567 rows; latitude 12.9716';
    expect(scrubText(text)).toBe(text);
  });

  it.each([
    [`to ${PHONE} now`, "to [redacted] now"],
    [`to +44 7911-123456 now`, "to [redacted] now"],
    [`phone%22%3A%22%2B${PHONE.slice(1)}%22`, "phone%22%3A%22[redacted]%22"],
    [`mail ${EMAIL}.`, "mail [redacted]."],
    [`{\\"email\\":\\"${EMAIL}\\"}`, `{\\"email\\":\\"[redacted]\\"}`],
    [`code ${CODE}`, "code [redacted]"],
    [`"code":"${CODE}"`, '"code":"[redacted]"'],
    [`your code is ${CODE}`, "your code is [redacted]"],
    [`${CODE} is your CivicLens sign-in code.`, "[redacted] is your CivicLens sign-in code."],
    [`?token=${TOKEN}&x=1`, "?token=[redacted]&x=1"],
    [`"secret":"${TOKEN}"`, '"secret":"[redacted]"'],
    [`Authorization: Basic ${Buffer.from(`AC123:${TOKEN}`).toString("base64")}`, "Authorization: Basic [redacted]"],
  ])("scrubs %s", (text, scrubbed) => {
    expect(scrubText(text)).toBe(scrubbed);
  });

  it("scrubs the readable lines of development and tests too", () => {
    const shown = vi.spyOn(console, "error").mockImplementation(() => {});
    const log = createLogger({ level: "error", output: "test" });
    log.error({ user: { phone: PHONE } }, `could not text ${PHONE} its code ${CODE}`);
    expect(shown).toHaveBeenCalledTimes(1);
    const text = String(shown.mock.calls[0]![0]);
    expect(text).toContain("could not text [redacted] its code [redacted]");
    expectNoSecrets(text);
  });
});
