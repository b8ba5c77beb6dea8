import { describe, expect, it } from "vitest";
import { statusChangeChannel } from "@/server/domain/profile/notification-prefs";

const base = { phone: "+919876543210", email: "a@example.com", email_verified_at: new Date() };

describe("statusChangeChannel", () => {
  it.each([
    ["auto", true, { channel: "email", recipient: "a@example.com" }],
    ["auto", false, { channel: "sms", recipient: "+919876543210" }],
    ["email", true, { channel: "email", recipient: "a@example.com" }],
    // An unverified address may not be theirs: they still asked to be told, so SMS.
    ["email", false, { channel: "sms", recipient: "+919876543210" }],
    ["sms", true, { channel: "sms", recipient: "+919876543210" }],
    ["none", true, null],
  ] as const)("%s with verified=%s", (choice, verified, expected) => {
    const user = { ...base, email_verified_at: verified ? base.email_verified_at : null, notification_prefs: { status_change: choice } };
    expect(statusChangeChannel(user)).toEqual(expected);
  });

  it("treats missing preferences as auto", () => {
    expect(statusChangeChannel({ ...base, notification_prefs: {} })).toEqual({ channel: "email", recipient: "a@example.com" });
  });
});
