import "server-only";
import type { Executor } from "../db/client";

/** What the outbox shows about the latest sends: the latest success, and a failure that has not been sent since. */
export interface SendEvidence {
  lastSentAt: Date | null;
  lastFailedAt: Date | null;
  lastError: string | null;
}

export interface DeliveryFacts {
  /** "dev": a local Inngest Dev Server, no keys; "cloud": Inngest Cloud or self-hosted, keys needed. */
  mode: "dev" | "cloud";
  hasEventKey: boolean;
  /** The event API answered an HTTP request (not a 5xx from something in front of it). */
  eventApiAnswers: boolean;
  evidence: SendEvidence;
}

export interface DeliveryVerdict {
  canSend: boolean;
  /** Why events cannot be sent now; null when they can. */
  reason: string | null;
}

/**
 * Whether events can be sent to Inngest now, and if not, why. An answering host is not enough:
 * Inngest Cloud answers a request without an event key too, and refuses the events. So the verdict
 * also reads what the relay last saw: a pending event whose latest attempt failed after the latest
 * successful send means sends are failing now. A failure followed by a success is a recovery.
 */
export function judgeEventDelivery(facts: DeliveryFacts): DeliveryVerdict {
  if (facts.mode === "cloud" && !facts.hasEventKey) return { canSend: false, reason: "INNGEST_EVENT_KEY is not set: Inngest refuses events without it" };
  if (!facts.eventApiAnswers) return { canSend: false, reason: "the Inngest event API does not answer" };
  const { lastFailedAt, lastSentAt, lastError } = facts.evidence;
  if (lastFailedAt && (!lastSentAt || lastFailedAt.getTime() > lastSentAt.getTime())) {
    return { canSend: false, reason: `the last send, at ${lastFailedAt.toISOString()}, failed${lastError ? `: ${lastError}` : ""}` };
  }
  return { canSend: true, reason: null };
}

/** The outbox's side of the verdict: two indexed reads (the sent rows' max, the pending failures). */
export async function getSendEvidence(db: Executor): Promise<SendEvidence> {
  const [sent, failed] = await Promise.all([
    db.selectFrom("event_outbox").select((eb) => eb.fn.max("sent_at").as("at")).where("sent_at", "is not", null).executeTakeFirst(),
    db
      .selectFrom("event_outbox")
      .select(["last_attempt_at", "last_error"])
      .where("sent_at", "is", null)
      .where("last_error", "is not", null)
      .where("last_attempt_at", "is not", null)
      .orderBy("last_attempt_at", "desc")
      .limit(1)
      .executeTakeFirst(),
  ]);
  return {
    lastSentAt: sent?.at ? new Date(sent.at as unknown as string) : null,
    lastFailedAt: failed?.last_attempt_at ?? null,
    lastError: failed?.last_error ?? null,
  };
}
