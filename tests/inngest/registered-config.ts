import type { InngestFunction } from "inngest";

type Concurrency = number | { limit: number; key?: string; scope?: string };

/** What a function registers with Inngest (the PUT sync): the config Inngest schedules it by. */
export interface RegisteredConfig {
  id: string;
  triggers: { event?: string; cron?: string }[];
  concurrency?: Concurrency | Concurrency[];
  steps: { step: { retries?: { attempts: number } } };
}

export function registeredConfig(fn: InngestFunction.Any): RegisteredConfig {
  const getConfig = (fn as unknown as { getConfig(o: { baseUrl: URL; appPrefix: string }): RegisteredConfig[] }).getConfig.bind(fn);
  return getConfig({ baseUrl: new URL("http://localhost:3000/api/inngest"), appPrefix: "civiclens" })[0]!;
}

/** A registered concurrency option in its one long form (Inngest accepts a number, an object or up to two). */
export function concurrencyLimits(config: RegisteredConfig): { limit: number; key?: string }[] {
  if (config.concurrency === undefined) return [];
  return [config.concurrency].flat().map((c) => (typeof c === "number" ? { limit: c } : c));
}
