import { awardReputation } from "./functions/award-reputation";
import { cleanupExpired } from "./functions/cleanup-expired";
import { notifyFollowers } from "./functions/notify-followers";
import { notifyReporter } from "./functions/notify-reporter";
import { notifyUpdateFollowers } from "./functions/notify-update-followers";
import { outboxSweep } from "./functions/outbox-sweep";
import { processPhoto } from "./functions/process-photo";
import { recordAudit } from "./functions/record-audit";
import { recomputePriority } from "./functions/recompute-priority";
import { recordDeadLetter } from "./functions/record-dead-letter";
import { sendOtpSms } from "./functions/send-otp-sms";
import { sendVerificationEmail } from "./functions/send-verification-email";
import { supportMilestones } from "./functions/support-milestones";
import { triageReport } from "./functions/triage-report";
import { updateLoginStats } from "./functions/update-login-stats";
import { verifyAuditChain } from "./functions/verify-audit-chain";
import { fanOutAreaAlerts } from "./functions/fan-out-area-alerts";
import { sendAreaAlerts } from "./functions/send-area-alerts";
import { sendAlertDigests } from "./functions/send-alert-digests";
import { routeReportFn } from "./functions/route-report";
import { trackServiceLevel } from "./functions/track-service-level";
import { serviceLevelDigest } from "./functions/service-level-digest";

/** Every function /api/inngest serves. */
export const functions = [sendOtpSms, updateLoginStats, cleanupExpired, outboxSweep, awardReputation, triageReport, recordAudit, sendVerificationEmail, notifyReporter, recordDeadLetter, recomputePriority, notifyFollowers, supportMilestones, verifyAuditChain, processPhoto, notifyUpdateFollowers, fanOutAreaAlerts, sendAreaAlerts, sendAlertDigests, routeReportFn, trackServiceLevel, serviceLevelDigest];
