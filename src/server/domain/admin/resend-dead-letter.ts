import "server-only";
import { z } from "zod";
import { checkPayload, isEventName } from "@/shared/events";
import type { DB, Executor } from "../../db/client";
import { enqueue } from "../../outbox/enqueue";
import { recordAudit } from "../audit";
import { AppError } from "../errors";
import { whyVerificationLinkIsDead } from "../profile/verification-link-state";
import { said } from "../server-messages";

/**
 * Events whose re-send can be wrong by now, with why (null: it may go). A verification email
 * carries one link; once a newer link is out, the address changed or is verified, re-sending the
 * old one mails a link that only says "invalid".
 */
const STALE_CHECKS: Record<string, (trx: Executor, data: unknown) => Promise<string | null>> = {
  "user/email-verification.requested": async (trx, data) => {
    const parsed = z.object({ tokenId: z.guid() }).safeParse(data);
    if (!parsed.success) return "the event names no verification link";
    const dead = await whyVerificationLinkIsDead(trx, parsed.data.tokenId);
    return dead && `${dead}, so the email would carry a link that no longer works`;
  },
};

/**
 * Sends a dead letter's original event again, through the outbox, under a NEW event id: Inngest
 * deduplicates by id, so the original id would be dropped. Every function listening to the event
 * sees it again; they are idempotent by their own keys (ledger, audit event ids, message rows), so
 * only the work that failed is redone. The letter is marked resent (who, when, which event) and the
 * action audited, all in one transaction. An event that would be wrong to send now is refused, and
 * the letter stays open, as is one whose event is not in the contract or whose payload no longer
 * matches its schema (the functions would refuse it).
 */
export async function resendDeadLetter(db: DB, actor: { id: string; ip?: string | null; userAgent?: string | null }, id: string) {
  return db.transaction().execute(async (trx) => {
    const letter = await trx.selectFrom("dead_letters").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
    if (!letter) throw new AppError("NOT_FOUND", said("deadLetterNotFound"), { field: "id" });
    if (letter.status !== "open") throw new AppError("CONFLICT", `This dead letter was already ${letter.status}${letter.resent_at ? ` at ${letter.resent_at.toISOString()}` : ""}.`);
    const name = letter.event_name;
    if (!isEventName(name)) throw new AppError("CONFLICT", `Not re-sent: ${name} is not an event CivicLens sends.`);
    const payload = checkPayload(name, letter.event_data);
    if (!payload.success) throw new AppError("CONFLICT", `Not re-sent: the ${name} event no longer matches its schema.`);
    const stale = await STALE_CHECKS[name]?.(trx, payload.data);
    if (stale) throw new AppError("CONFLICT", `Not re-sent: ${stale}.`);
    const eventId = await enqueue(trx, name, payload.data);
    const now = new Date();
    await trx.updateTable("dead_letters").set({ status: "resent", resent_at: now, resent_by: actor.id, resent_event_id: eventId }).where("id", "=", id).execute();
    await recordAudit(trx, {
      action: "dead_letter.resent",
      actorId: actor.id,
      resourceType: "dead_letter",
      resourceId: id,
      description: `Re-sent ${letter.event_name} for ${letter.function_id}`,
      metadata: { functionId: letter.function_id, runId: letter.run_id, originalEventId: letter.event_id, newEventId: eventId, eventName: letter.event_name },
      ip: actor.ip,
      userAgent: actor.userAgent,
    });
    return { id, eventId, resentAt: now };
  });
}
