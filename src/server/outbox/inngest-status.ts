import type { Executor } from "../db/client";
import { getSendEvidence, judgeEventDelivery } from "../domain/event-delivery";
import { env } from "../config/env";

let cache: { url: string; at: number; reachable: boolean } | undefined;

/** Where the SDK sends events: the local Dev Server in dev mode, Inngest Cloud otherwise. */
export function inngestEventApiUrl(): string {
  const e = env();
  return e.INNGEST_BASE_URL ?? (e.inngestDev ? "http://localhost:8288" : "https://inn.gs");
}

/**
 * Does the event API answer at all? Any HTTP answer below 500 counts (a 5xx is a proxy in front of
 * an Inngest that is not there); cached for 10 s so pages stay fast.
 */
export async function isInngestReachable(now = Date.now()): Promise<boolean> {
  const url = inngestEventApiUrl();
  if (cache && cache.url === url && now - cache.at < 10_000) return cache.reachable;
  let reachable = false;
  try {
    const res = await fetch(url, { method: "GET", signal: AbortSignal.timeout(1_500) });
    await res.body?.cancel();
    reachable = res.status < 500;
  } catch {
    reachable = false;
  }
  cache = { url, at: now, reachable };
  return reachable;
}

export interface InngestDeliveryStatus {
  mode: "dev" | "cloud";
  /** Whether events can be sent now (judgeEventDelivery), not merely whether a host answers. */
  reachable: boolean;
  reason: string | null;
}

/** Whether events can be sent to Inngest now, and if not why, for staff. */
export async function inngestDeliveryStatus(db: Executor): Promise<InngestDeliveryStatus> {
  const e = env();
  const mode = e.inngestDev ? "dev" : "cloud";
  const [eventApiAnswers, evidence] = await Promise.all([isInngestReachable(), getSendEvidence(db)]);
  const verdict = judgeEventDelivery({ mode, hasEventKey: Boolean(e.INNGEST_EVENT_KEY), eventApiAnswers, evidence });
  return { mode, reachable: verdict.canSend, reason: verdict.reason };
}
