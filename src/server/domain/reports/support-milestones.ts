import "server-only";
import type { DB } from "../../db/client";
import type { Message } from "../../db/schema";
import { queueMessage, type QueueMessageInput } from "../messages";
import { awardReputation } from "../reputation";

/**
 * Support milestones: when a report reaches 5, 25 and 100 supports its reporter earns reputation
 * once for each, and hears of it once. A burst of supports is one notice, of the highest milestone
 * reached: the function that asks here is debounced per report, and on top of that the report
 * remembers the highest milestone it told of (support_milestone_notified), so a second run, a
 * redelivered event or supports withdrawn and given again tell nothing twice.
 */
export const SUPPORT_MILESTONES = [5, 25, 100] as const;
export type SupportMilestone = (typeof SUPPORT_MILESTONES)[number];
export const MILESTONE_POINTS: Record<SupportMilestone, number> = { 5: 5, 25: 10, 100: 20 };

export const milestoneReason = (m: SupportMilestone) => `support_milestone_${m}`;
/** The key of a milestone's message (messages.event_id): one per report and milestone, whichever run writes it. */
export const milestoneMessageKey = (reportId: string, m: SupportMilestone) => `support-milestone:${reportId}:${m}`;

export function milestonesReached(supportCount: number): SupportMilestone[] {
  return SUPPORT_MILESTONES.filter((m) => supportCount >= m);
}

/** Each milestone the report has reached earns its reporter points once (the ledger's unique key); returns the ones awarded now. */
export async function awardSupportMilestones(db: DB, reportId: string, eventId: string | null = null) {
  const report = await db.selectFrom("reports").select(["reporter_id", "support_count"]).where("id", "=", reportId).executeTakeFirst();
  if (!report) return { supportCount: 0, awarded: [] as SupportMilestone[] };
  const awarded: SupportMilestone[] = [];
  for (const m of milestonesReached(report.support_count)) {
    const added = await awardReputation(db, { userId: report.reporter_id, points: MILESTONE_POINTS[m], reason: milestoneReason(m), sourceType: "report", sourceId: reportId, eventId });
    if (added) awarded.push(m);
  }
  return { supportCount: report.support_count, awarded };
}

/** The report as a milestone notice needs it, and the milestone to tell of (the highest reached and not told), or null. */
export async function pendingMilestone(db: DB, reportId: string) {
  const report = await db
    .selectFrom("reports")
    .select(["id", "ref", "title", "reporter_id", "support_count", "support_milestone_notified"])
    .where("id", "=", reportId)
    .executeTakeFirst();
  if (!report) return null;
  const highest = milestonesReached(report.support_count).at(-1);
  return { report, milestone: highest !== undefined && highest > report.support_milestone_notified ? highest : null };
}

/**
 * Claims the milestone for telling and queues its message in one transaction, so a milestone is
 * claimed exactly when its message exists. When another run claimed it first, the message it
 * queued is returned if still unsent (a run that died after committing is finished by the next),
 * else null. `message` null means nothing to send (the reporter chose no notices).
 */
export async function claimMilestoneNotice(db: DB, reportId: string, milestone: SupportMilestone, message: Omit<QueueMessageInput, "eventId"> | null): Promise<Message | null> {
  const key = milestoneMessageKey(reportId, milestone);
  return db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable("reports")
      .set({ support_milestone_notified: milestone })
      .where("id", "=", reportId)
      .where("support_milestone_notified", "<", milestone)
      .returning("id")
      .executeTakeFirst();
    if (claimed) return message ? queueMessage(trx, { ...message, eventId: key }) : null;
    const left = await trx.selectFrom("messages").selectAll().where("event_id", "=", key).where("status", "=", "queued").executeTakeFirst();
    return left ?? null;
  });
}
