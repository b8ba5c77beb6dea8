import { type CompiledQuery, type KyselyPlugin, sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { seedCity } from "@root/scripts/seed-city";
import { listQueue } from "@/server/domain/admin/list-queue";
import { queueInput } from "@/server/domain/admin/admin.schemas";
import { useTestDb } from "../../support/test-db";

const db = useTestDb();

/** The SQL listQueue runs for a filter, as compiled for this database. */
async function queueSql(filter: Record<string, unknown>): Promise<CompiledQuery> {
  let compiled: CompiledQuery | undefined;
  const capture: KyselyPlugin = {
    transformQuery: ({ node, queryId }) => {
      compiled = db().getExecutor().compileQuery(node, queryId);
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  await listQueue(db().withPlugin(capture), queueInput.parse(filter));
  return compiled!;
}

/**
 * The moderation queue at a million reports (bench --city): each page must come from an index walked
 * in the queue's order, not from sorting every matching report. A city of a few thousand reports is
 * too small for the planner to prefer the index by cost, so sorting is priced out (enable_sort off):
 * a Sort then remains in the plan only if no index can give the order.
 */
describe("admin.queue's plans", () => {
  beforeAll(async () => {
    await seedCity(db(), { reports: 3_000, center: { latitude: 12.9716, longitude: 77.5946 } });
  }, 120_000);

  it.each([
    ["status and category", { status: "in_progress", category: "roads" }],
    ["a closed status and a category", { status: "resolved", category: "garbage" }],
    ["the default queue (every open status)", {}],
    ["the next page of status and category", { status: "resolved", category: "roads" }, true],
  ])("walks an index in order for %s", async (_name, filter, nextPage?: boolean) => {
    let f: Record<string, unknown> = { ...filter, limit: 5 };
    if (nextPage) f = { ...f, cursor: (await listQueue(db(), queueInput.parse(f))).nextCursor };
    const q = await queueSql(f);
    const plan = await db().connection().execute(async (c) => {
      await sql`set enable_sort = off`.execute(c);
      await sql`set enable_seqscan = off`.execute(c);
      try {
        const { rows } = await c.executeQuery<{ "QUERY PLAN": string }>({ ...q, sql: `explain ${q.sql}` });
        return rows.map((r) => r["QUERY PLAN"]).join("\n");
      } finally {
        await sql`reset enable_sort`.execute(c);
        await sql`reset enable_seqscan`.execute(c);
      }
    });
    expect(plan).toMatch(/Index Scan using reports_queue_(order|open)_idx/);
    expect(plan).not.toMatch(/Sort/);
  });
});
