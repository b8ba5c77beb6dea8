import type { DB } from "@/server/db/client";
import type { OtpConfig } from "@/server/domain/otp";

export const testOtpConfig: OtpConfig = {
  secret: "test-otp-secret-test-otp-secret-0123456789",
  defaultCountry: "IN",
  // Tests read the code back from the sealed field, as the function would after decryption.
  seal: async (value) => ({ testSealed: value }),
  limits: { perPhone: 3, perPhoneWindowSeconds: 600, perIp: 20, perIpWindowSeconds: 3600 },
};

/** The code the last auth/otp.requested event for `phone` carries (what the SMS would say). */
export async function lastSentCode(db: DB, phone: string): Promise<string> {
  const rows = await db.selectFrom("event_outbox").select(["data"]).where("name", "=", "auth/otp.requested").orderBy("created_at", "desc").execute();
  const row = rows.find((r) => (r.data as { phone?: string }).phone === phone);
  if (!row) throw new Error(`no code was issued for ${phone}`);
  return ((row.data as { encrypted: { testSealed: { code: string } } }).encrypted.testSealed.code);
}
