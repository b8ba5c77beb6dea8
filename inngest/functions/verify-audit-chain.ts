import { cron, NonRetriableError } from "inngest";
import { backgroundDb } from "@/server/db/client";
import { checkAuditChain } from "@/server/domain/audit-chain-checks";
import { inngest } from "../client";

/**
 * Walks the whole audit chain once a night and stores the result as the latest check, which the
 * admin audit page shows, so tampering is found even when nobody asks. A broken chain fails the run
 * (no retry: walking again finds the same break), so it stands out in the task monitor and Inngest.
 */
export const verifyAuditChain = inngest.createFunction(
  { id: "verify-audit-chain", name: "Verify the audit chain", triggers: [cron("30 2 * * *")], retries: 2, concurrency: { limit: 1 } },
  async ({ step }) => {
    const check = await step.run("verify", async () => {
      const { result, durationMs } = await checkAuditChain(backgroundDb(), null);
      return { ...result, durationMs };
    });
    if (!check.ok) throw new NonRetriableError(`audit chain broken at seq ${check.seq} (${check.reason}): ${check.detail}`);
    return { ok: true, rows: check.rows, headSeq: check.headSeq };
  },
);
