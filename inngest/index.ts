import { cleanupExpired } from "./functions/cleanup-expired";
import { outboxSweep } from "./functions/outbox-sweep";
import { sendOtpSms } from "./functions/send-otp-sms";
import { updateLoginStats } from "./functions/update-login-stats";

/** Every function /api/inngest serves. */
export const functions = [sendOtpSms, updateLoginStats, cleanupExpired, outboxSweep];
