import { backgroundDb } from "@/server/db/client";
import { findStatusChangeRecipient } from "@/server/domain/profile/status-change-recipient";
import { awardSupportMilestones, claimMilestoneNotice, MILESTONE_POINTS, pendingMilestone, SUPPORT_MILESTONES } from "@/server/domain/reports/support-milestones";
import { renderSupportMilestoneMessage } from "@/server/emails/support-milestone-email";
import { env } from "@/server/config/env";
import { emailProvider } from "@/server/providers/email";
import { smsProvider } from "@/server/providers/sms";
import { inngest } from "../client";
import { deliverMessage } from "../deliver-message";
import { reportSupported } from "../events";

/**
 * Reputation and one notice for the reporter when their report reaches 5, 25 or 100 supports.
 * Debounced per report: a burst of supports starts one run a minute after the last of them (and no
 * later than the timeout after the first, so a steady stream is still heard of), which tells of the
 * highest milestone reached. The domain makes it once per milestone on its own
 * (domain/reports/support-milestones.ts), whatever Inngest delivers.
 */
export const supportMilestones = inngest.createFunction(
  {
    id: "support-milestones",
    name: "Support milestones",
    triggers: [reportSupported],
    debounce: { key: "event.data.reportId", period: "1m", timeout: "5m" },
    retries: 5,
    concurrency: [{ limit: 3 }, { limit: 1, key: "event.data.reportId" }],
  },
  async ({ event, step }) => {
    const { reportId } = event.data;
    if (event.data.supportCount < SUPPORT_MILESTONES[0]) return { skipped: "below-first-milestone" };

    const awards = await step.run("award-reputation", () => awardSupportMilestones(backgroundDb(), reportId, event.id));

    const message = await step.run("claim-notice", async () => {
      const pending = await pendingMilestone(backgroundDb(), reportId);
      if (!pending) return null;
      // Nothing new to tell: still finish a notice a run that died after queueing it left unsent.
      const milestone = pending.milestone ?? SUPPORT_MILESTONES.filter((m) => m <= pending.report.support_milestone_notified).at(-1);
      if (milestone === undefined) return null;
      const plan = await findStatusChangeRecipient(backgroundDb(), pending.report.reporter_id, reportId);
      const link = new URL(`/reports/${encodeURIComponent(pending.report.ref)}`, env().APP_URL).toString();
      const content = plan
        ? await renderSupportMilestoneMessage(plan.channel, { ref: pending.report.ref, title: pending.report.title, milestone, points: MILESTONE_POINTS[milestone], link, locale: plan.locale })
        : null;
      const row = await claimMilestoneNotice(
        backgroundDb(),
        reportId,
        milestone,
        plan && content
          ? {
              channel: content.channel,
              kind: "support_milestone",
              userId: pending.report.reporter_id,
              recipient: plan.recipient,
              subject: content.subject,
              body: content.text,
              html: content.html,
              provider: content.channel === "email" ? emailProvider().name : smsProvider().name,
            }
          : null,
      );
      return row ? { id: row.id, milestone, channel: row.channel, recipient: row.recipient, subject: row.subject, body: row.body, html: row.html, key: row.event_id } : null;
    });
    if (!message) return { awarded: awards.awarded, notified: null };

    const delivered = await step.run("deliver", () =>
      deliverMessage(message.id, () =>
        message.channel === "email"
          ? emailProvider().send({ to: message.recipient, subject: message.subject ?? "", html: message.html ?? "", text: message.body }, message.key)
          : smsProvider().send(message.recipient, message.body, message.key),
      ),
    );
    return { awarded: awards.awarded, notified: message.milestone, status: delivered.status };
  },
);
