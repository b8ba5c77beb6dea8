import { env } from "./env";

let cache: { at: number; reachable: boolean } | undefined;

/** Where the SDK sends events: the local Dev Server in dev mode, Inngest Cloud otherwise. */
export function inngestEventApiUrl(): string {
  const e = env();
  return e.INNGEST_BASE_URL ?? (e.inngestDev ? "http://localhost:8288" : "https://inn.gs");
}

/** Can we reach Inngest at all? Any HTTP answer counts; cached for 10 s so pages stay fast. */
export async function isInngestReachable(now = Date.now()): Promise<boolean> {
  if (cache && now - cache.at < 10_000) return cache.reachable;
  let reachable = false;
  try {
    await fetch(inngestEventApiUrl(), { method: "GET", signal: AbortSignal.timeout(1_500) });
    reachable = true;
  } catch {
    reachable = false;
  }
  cache = { at: now, reachable };
  return reachable;
}
