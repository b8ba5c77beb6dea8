import { awardReputation } from "./functions/award-reputation";
import { cleanupExpired } from "./functions/cleanup-expired";
import { outboxSweep } from "./functions/outbox-sweep";
import { recordAudit } from "./functions/record-audit";
import { sendOtpSms } from "./functions/send-otp-sms";
import { triageReport } from "./functions/triage-report";
import { updateLoginStats } from "./functions/update-login-stats";

/** Every function /api/inngest serves. */
export const functions = [sendOtpSms, updateLoginStats, cleanupExpired, outboxSweep, awardReputation, triageReport, recordAudit];
