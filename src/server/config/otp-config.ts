import type { OtpConfig } from "../domain/otp";
import { env } from "./env";
import { sealSecret } from "../outbox/seal-secret";

/** The OTP rules as configured by the environment. */
export function otpConfig(): OtpConfig & { ipLimit: { limit: number; windowSeconds: number } } {
  const e = env();
  return {
    secret: e.OTP_SECRET,
    defaultCountry: e.PHONE_DEFAULT_COUNTRY,
    seal: sealSecret,
    limits: {
      perPhone: e.OTP_LIMIT_PER_PHONE,
      perPhoneWindowSeconds: e.OTP_LIMIT_PER_PHONE_WINDOW_SECONDS,
      perIp: e.OTP_LIMIT_PER_IP,
      perIpWindowSeconds: e.OTP_LIMIT_PER_IP_WINDOW_SECONDS,
    },
    ipLimit: { limit: e.SIGNIN_LIMIT_PER_IP, windowSeconds: e.SIGNIN_LIMIT_PER_IP_WINDOW_SECONDS },
  };
}
