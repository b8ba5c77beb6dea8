import { publicProcedure, router } from "../trpc/init";

export const systemRouter = router({
  /** A no-op query: uptime checks and the benchmark's floor (the cost of tRPC + Next alone). */
  ping: publicProcedure.query(() => ({ ok: true as const })),
});
