import { describe, expect, it } from "vitest";
import { otpSmsBody } from "@/server/domain/otp";
import { renderStatusChangeMessage } from "@/server/emails/status-change-email";
import { renderSupportMilestoneMessage } from "@/server/emails/support-milestone-email";
import { renderVerificationEmail } from "@/server/emails/verification-email";

const DEVANAGARI = /[\u0900-\u097F]/;
const link = "https://civiclens.example/reports/CL-2026-000042";

describe("every SMS and email in its reader's language", () => {
  it("texts the sign-in code in Hindi or English", () => {
    const hi = otpSmsBody("123456", "hi");
    expect(hi).toBe("123456 आपका CivicLens साइन-इन कोड है। यह 5 मिनट में समाप्त हो जाएगा। इसे कभी किसी के साथ साझा न करें।");
    expect(otpSmsBody("123456", "en")).toBe("123456 is your CivicLens sign-in code. It expires in 5 minutes. Never share it with anyone.");
    expect(otpSmsBody("123456")).toBe(otpSmsBody("123456", "en"));
  });

  it("tells a reporter of a status change in Hindi, by SMS and by email", async () => {
    const props = { ref: "CL-2026-000042", title: "सड़क पर गड्ढा", status: "in_progress", note: "टीम कल आएगी", link, locale: "hi" as const };
    const sms = await renderStatusChangeMessage("sms", props);
    expect(sms.text).toBe(`CivicLens: आपकी रिपोर्ट CL-2026-000042 की नई स्थिति: काम जारी। टिप्पणी: टीम कल आएगी ${link}`);

    const email = await renderStatusChangeMessage("email", props);
    expect(email.subject).toBe("रिपोर्ट CL-2026-000042: काम जारी");
    expect(email.html).toContain('<html lang="hi">');
    expect(email.html).toContain("मॉडरेटर की टिप्पणी:");
    expect(email.html).toContain("रिपोर्ट देखें");
    expect(email.text).toContain("आपको यह संदेश इसलिए मिला क्योंकि आपने CivicLens पर यह रिपोर्ट दर्ज की थी।");
    expect(`${email.subject}${email.text}${email.html}`).not.toMatch(/Your report|Note from|See the report|You receive this/);
  });

  it("tells a follower in Hindi, with the duplicate's link and the way to stop", async () => {
    const sms = await renderStatusChangeMessage("sms", {
      ref: "CL-2026-000042",
      title: null,
      status: "duplicate",
      note: null,
      link,
      unfollowLink: "https://civiclens.example/u",
      duplicateOf: { ref: "CL-2026-000007", link: "https://civiclens.example/reports/CL-2026-000007" },
      locale: "hi",
    });
    expect(sms.text).toBe(
      `CivicLens: आपकी फ़ॉलो की हुई रिपोर्ट CL-2026-000042 की नई स्थिति: दोहराई गई। यही समस्या CL-2026-000007 में है, उसे फ़ॉलो करें: https://civiclens.example/reports/CL-2026-000007 ${link} फ़ॉलो करना बंद करें: https://civiclens.example/u`,
    );
  });

  it("keeps the English notice as it was", async () => {
    const sms = await renderStatusChangeMessage("sms", { ref: "CL-2026-000042", title: null, status: "under_review", note: null, link, locale: "en" });
    expect(sms.text).toBe(`CivicLens: your report CL-2026-000042 is now under review. ${link}`);
    const email = await renderStatusChangeMessage("email", { ref: "CL-2026-000042", title: null, status: "resolved", note: null, link, locale: "en" });
    expect(email.subject).toBe("Report CL-2026-000042: Resolved");
    expect(email.text.split("\n")[0]).toBe("CivicLens: your report CL-2026-000042 is now resolved");
  });

  it("writes the support milestone in Hindi, numbers formatted for India", async () => {
    const sms = await renderSupportMilestoneMessage("sms", { ref: "CL-2026-000042", title: null, milestone: 100, points: 25, link, locale: "hi" });
    expect(sms.text).toBe(`CivicLens: 100 निवासी आपकी रिपोर्ट CL-2026-000042 का समर्थन करते हैं; आपने 25 प्रतिष्ठा अंक कमाए। ${link}`);
    const email = await renderSupportMilestoneMessage("email", { ref: "CL-2026-000042", title: "गड्ढा", milestone: 25, points: 10, link, locale: "hi" });
    expect(email.subject).toBe("रिपोर्ट CL-2026-000042: 25 निवासियों का समर्थन");
    expect(email.html).toContain("25 लोगों ने कहा है");
    const en = await renderSupportMilestoneMessage("sms", { ref: "CL-2026-000042", title: null, milestone: 5, points: 1, link, locale: "en" });
    expect(en.text).toBe(`CivicLens: 5 residents support your report CL-2026-000042; you earned 1 reputation point. ${link}`);
  });

  it("sends the verification email in Hindi", async () => {
    const email = await renderVerificationEmail({ email: "asha@example.com", link: "https://civiclens.example/verify-email?token=abc", locale: "hi" });
    expect(email.subject).toBe("CivicLens के लिए अपना ईमेल सत्यापित करें");
    expect(email.html).toContain("पुष्टि करें कि <strong>asha@example.com</strong> आपका है");
    expect(email.html).toContain('<html lang="hi">');
    expect(email.text).toContain("https://civiclens.example/verify-email?token=abc");
    expect(DEVANAGARI.test(email.text)).toBe(true);
  });
});
