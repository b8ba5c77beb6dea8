/**
 * A sign-in the domain refuses with an AppError reaches the sign-in page as that error's message:
 * next-auth answers whatever `authorize` throws with `?error=<its message>`, so the domain's own
 * words are what the person reads, with no second mapping in between.
 */
import { describe, expect, it } from "vitest";
import type { CredentialsConfig } from "next-auth/providers/credentials";
import { authOptions } from "@/server/auth/auth-options";
import { AppError } from "@/server/domain/errors";
import { setEnv } from "../inngest/helpers";
import { useTestDb } from "../support/test-db";

useTestDb();

const provider = authOptions.providers[0] as unknown as { options: CredentialsConfig };
const attempt = async (ip: string, headers: Record<string, string> = {}) =>
  provider.options.authorize!({ phone: "+919876543210", code: "000000" }, { headers: { "x-forwarded-for": ip, ...headers }, body: {}, query: {}, method: "POST" });

describe("phone-otp sign-in refusals", () => {
  it("throws the rate limit's AppError itself, whose message next-auth hands the page", async () => {
    const restore = setEnv({ SIGNIN_LIMIT_PER_IP: "1" });
    try {
      await expect(attempt("198.51.100.7")).rejects.toThrow("That code is not valid or has expired");
      const refused = await attempt("198.51.100.7").catch((err: unknown) => err);
      expect(refused).toBeInstanceOf(AppError);
      expect(refused).toMatchObject({ code: "RATE_LIMITED", message: "Too many sign-in attempts from this network. Try again later." });
    } finally {
      restore();
    }
  });

  it("says the refusal in the sign-in page's language (the cookie, else the browser's)", async () => {
    const restore = setEnv({ SIGNIN_LIMIT_PER_IP: "1" });
    try {
      await expect(attempt("198.51.100.8", { "accept-language": "hi-IN,hi;q=0.9" })).rejects.toThrow("यह कोड सही नहीं है या इसकी अवधि खत्म हो गई है। इसे जाँचें, या नया कोड माँगें।");
      const refused = await attempt("198.51.100.8", { cookie: "NEXT_LOCALE=hi", "accept-language": "en" }).catch((err: unknown) => err);
      expect(refused).toBeInstanceOf(AppError);
      expect(refused).toMatchObject({ code: "RATE_LIMITED", message: "इस नेटवर्क से साइन इन की बहुत सारी कोशिशें हुई हैं। बाद में फिर कोशिश करें।" });
    } finally {
      restore();
    }
  });
});
