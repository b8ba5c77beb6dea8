import { describe, expect, it } from "vitest";
import { type AreaAlertToRender, renderAreaAlertMessage, renderAreaAlertMessages } from "@/server/emails/area-alert-email";

const items = [
  { ref: "CL-ABC123", title: `Pothole "deep" & <wide>`, kind: "created" as const, status: null, link: "https://civiclens.example/reports/CL-ABC123" },
  { ref: "CL-ABC124", title: "Streetlight out", kind: "status" as const, status: "acknowledged", link: "https://civiclens.example/reports/CL-ABC124" },
];
const alert = (i: number, channel: "email" | "sms", locale: "en" | "hi"): AreaAlertToRender => ({
  channel,
  locale,
  frequency: "immediate",
  items,
  // Links with characters HTML escapes: each must reach its own message, escaped exactly as React escapes it.
  areaLink: `https://civiclens.example/reports?at=12.97160,77.59460,14&n=${i}`,
  unsubscribeLink: `https://civiclens.example/alerts/unsubscribe?token=sub-${i}.sig'"&<>`,
});

describe("renderAreaAlertMessages (a page of alerts, shared renderings)", () => {
  it("gives each alert exactly what rendering it alone gives, in its channel and language, with its own links", async () => {
    const page = [alert(1, "email", "en"), alert(2, "email", "hi"), alert(3, "sms", "en"), alert(4, "sms", "hi"), alert(5, "email", "en"), alert(6, "sms", "hi")];
    const together = await renderAreaAlertMessages(page);
    const alone = await Promise.all(page.map(({ channel, ...p }) => renderAreaAlertMessage(channel, p)));
    expect(together).toEqual(alone);
    expect(together[0]!.text).toContain("&n=1");
    expect(together[4]!.html).toContain("&amp;n=5");
    expect(together[1]!.subject).not.toBe(together[0]!.subject);
  });
});
