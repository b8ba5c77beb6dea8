import { describe, expect, it } from "vitest";
import { describeUserAgent, maskContactsInJson, maskEmail, maskIp, maskText } from "@/server/domain/privacy/mask-contact";

describe("contact masks", () => {
  it("keeps an email's first letter and domain, an IPv4 /24 and an IPv6 /48", () => {
    expect(maskEmail("asha.rao@example.com")).toBe("a•••@example.com");
    expect(maskEmail("not-an-email")).toBe("•••");
    expect(maskIp("203.0.113.9")).toBe("203.0.113.x");
    expect(maskIp("2001:0db8:85a3:0042:1000:8a2e:0370:7334")).toBe("2001:db8:85a3::/48");
    expect(maskIp("2001:db8::1")).toBe("2001:db8:0::/48");
    expect(maskIp("::ffff:198.51.100.7")).toBe("::ffff:198.51.100.x");
    expect(maskIp("unknown")).toBe("•••");
  });

  it("reduces a user agent to its browser and system, and never repeats free text", () => {
    expect(describeUserAgent("Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36")).toBe("Chrome on Android");
    expect(describeUserAgent("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1")).toBe("Safari on iOS");
    expect(describeUserAgent("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 Edg/126.0")).toBe("Edge on Windows");
    expect(describeUserAgent("curl/8.5.0 (contact asha@example.com)")).toBe("curl");
    expect(describeUserAgent("scraper run by +919876543210")).toBe("an unknown client");
  });

  it("finds phones, emails and addresses in free text, and leaves ids, dates and versions alone", () => {
    expect(maskText("Sign-in refused for +91 98765 43210 from 203.0.113.9.")).toBe("Sign-in refused for +91 •••••••210 from 203.0.113.x.");
    expect(maskText("Resend 422: invalid `to` asha@example.com")).toBe("Resend 422: invalid `to` a•••@example.com");
    expect(maskText("call 98765-43210")).toBe("call 987 ••••210");
    expect(maskText("client 2001:db8:85a3::7334 blocked")).toBe("client 2001:db8:85a3::/48 blocked");
    const benign = "report 00000000-0000-4000-8000-000000000000 at 2026-11-28T10:00:00.000Z, v1.2.3, 10:00:00, Class::method, run 01HX9Z, ts 1733000000000";
    expect(maskText(benign)).toBe(benign);
  });

  it("walks JSON: contact keys by name at any depth, any other string by its shape", () => {
    const masked = maskContactsInJson({
      method: "phone-otp",
      phone: "+919876543210",
      attempts: 3,
      latitude: 12.9716,
      nested: [{ recipient: "asha@example.com", userAgent: "curl/8.5.0", ip: "203.0.113.9" }, { recipient: "+919876543210" }],
      newFieldNobodyListed: "forward to ravi@example.org or +44 20 7946 0958",
      encrypted: { v: "AbC9876543210xyz==" },
      reporterPhone: 919876543210,
    });
    expect(masked).toEqual({
      method: "phone-otp",
      phone: "+91 •••••••210",
      attempts: 3,
      latitude: 12.9716,
      nested: [{ recipient: "a•••@example.com", userAgent: "curl", ip: "203.0.113.x" }, { recipient: "+91 •••••••210" }],
      newFieldNobodyListed: "forward to r•••@example.org or +44 •••••••958",
      encrypted: { v: "AbC9876543210xyz==" },
      reporterPhone: "919 ••••••210",
    });
  });
});
