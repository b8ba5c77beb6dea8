import { InngestTestEngine } from "@inngest/test";
import { sql } from "kysely";
import { beforeEach, expect, it } from "vitest";
import { verifyAuditChain } from "@root/inngest/functions/verify-audit-chain";
import { recordAudit } from "@/server/domain/audit";
import { getAuditChainState } from "@/server/domain/audit-chain-checks";
import { expectConsoleError } from "../support/console-guard";
import { truncateAll, useTestDb } from "../support/test-db";
import { openResult } from "./helpers";

const db = useTestDb();
beforeEach(async () => {
  await truncateAll(db());
  for (let i = 1; i <= 4; i++) await recordAudit(db(), { action: "test.row", resourceType: "test", resourceId: `r${i}`, description: `Row ${i}`, metadata: { i } });
});

it("walks the chain each night and stores an intact check the audit page shows", async () => {
  const { result, error } = await new InngestTestEngine({ function: verifyAuditChain }).execute();
  expect(error).toBeUndefined();
  expect(await openResult(result)).toMatchObject({ ok: true, rows: 4, headSeq: 4 });
  const state = await getAuditChainState(db());
  expect(state.lastCheck).toMatchObject({ checkedBy: null, result: { ok: true, rows: 4 } });
});

it("fails the run, without retrying, when a row was changed behind the chain's back, and records where", async () => {
  await db()
    .transaction()
    .execute(async (trx) => {
      await sql`alter table audit_log disable trigger audit_log_append_only`.execute(trx);
      await sql`update audit_log set description = 'Nothing happened here' where seq = 3`.execute(trx);
      await sql`alter table audit_log enable trigger audit_log_append_only`.execute(trx);
    });
  expectConsoleError(/audit chain broken at seq 3/);
  const { error } = await new InngestTestEngine({ function: verifyAuditChain }).execute();
  expect(error).toMatchObject({ name: "NonRetriableError", message: expect.stringMatching(/audit chain broken at seq 3/) });
  const state = await getAuditChainState(db());
  expect(state.lastCheck?.result).toMatchObject({ ok: false, seq: 3 });
});
