import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createDb } from "@/server/db/client";
import { authenticateOpen311Key, hashKey } from "@/server/domain/open311/api-keys";
import { callerFor } from "../../support/caller";
import { createUser } from "../../support/factories";
import { truncateAll, useTestDb } from "../../support/test-db";

const db = useTestDb();
beforeEach(() => truncateAll(db()));

describe("admin Open311 keys", () => {
  it("issues a key shown once (only its hash stored), lists it, changes its limit and revokes it, each audited", async () => {
    const admin = await createUser(db(), { role: "admin", name: "Asha" });
    const caller = callerFor(db(), admin);
    const issued = await caller.admin.issueOpen311Key({ name: "City CRM", requestsPerHour: 100 });
    expect(issued.key).toMatch(/^o311_[A-Za-z0-9_-]{43}$/);
    const row = await db().selectFrom("open311_keys").selectAll().executeTakeFirstOrThrow();
    expect(row.key_hash).toBe(hashKey(issued.key));
    expect(JSON.stringify(row)).not.toContain(issued.key.slice(12));

    const [listed] = await caller.admin.open311Keys();
    expect(listed).toMatchObject({ id: issued.id, name: "City CRM", requests_per_hour: 100, revoked_at: null, created_by_name: "Asha", reports: 0 });
    expect(listed).not.toHaveProperty("key_hash");
    expect(await authenticateOpen311Key(db(), issued.key)).toMatchObject({ keyId: issued.id, name: "City CRM", requestsPerHour: 100 });

    await caller.admin.setOpen311KeyLimit({ keyId: issued.id, requestsPerHour: 2000 });
    expect((await authenticateOpen311Key(db(), issued.key))?.requestsPerHour).toBe(2000);
    await caller.admin.revokeOpen311Key({ keyId: issued.id });
    expect(await authenticateOpen311Key(db(), issued.key)).toBeNull();
    await expect(caller.admin.revokeOpen311Key({ keyId: issued.id })).rejects.toThrow(/already revoked/);

    const audit = await db().selectFrom("audit_log").select(["action", "actor_id", "resource_id"]).orderBy("seq").execute();
    expect(audit).toEqual([
      { action: "open311.key_issued", actor_id: admin.id, resource_id: issued.id },
      { action: "open311.key_limit_changed", actor_id: admin.id, resource_id: issued.id },
      { action: "open311.key_revoked", actor_id: admin.id, resource_id: issued.id },
    ]);
  });

  it("refuses bad inputs naming the field, and keys that are not ours", async () => {
    const caller = callerFor(db(), await createUser(db(), { role: "admin" }));
    await expect(caller.admin.issueOpen311Key({ name: "x", requestsPerHour: 10 })).rejects.toThrow(/name must be at least/);
    await expect(caller.admin.issueOpen311Key({ name: "App", requestsPerHour: 0 })).rejects.toThrow(/at least 1/);
    await expect(caller.admin.setOpen311KeyLimit({ keyId: crypto.randomUUID(), requestsPerHour: 5 })).rejects.toThrow(/No Open311 key/);
    for (const k of [null, "", "o311_", "x".repeat(500), "o311_\u0000"]) expect(await authenticateOpen311Key(db(), k)).toBeNull();
  });
});

describe("npm run open311:key", () => {
  const ROOT = resolve(__dirname, "../../..");
  const dir = mkdtempSync(join(tmpdir(), "civiclens-open311-key-"));
  const PGLITE_DIR = join(dir, "pglite");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = (...args: string[]) =>
    new Promise<{ code: number | null; output: string }>((done, fail) => {
      let output = "";
      const child = spawn(process.execPath, [join(ROOT, "node_modules/tsx/dist/cli.mjs"), "scripts/open311-key.ts", ...args], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "development", PGLITE_DIR, DATABASE_URL: "" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      child.stdout.on("data", (b: Buffer) => (output += b.toString()));
      child.stderr.on("data", (b: Buffer) => (output += b.toString()));
      child.on("error", fail);
      child.on("exit", (code) => done({ code, output }));
    });

  it("prints the key once and stores only its hash, audited as the command line", async () => {
    const { code, output } = await run("--", "Fix", "My", "City", "--per-hour", "50");
    expect(code, output).toBe(0);
    const key = /^(o311_\S+)$/m.exec(output)![1]!;
    const database = createDb({ pgliteDir: PGLITE_DIR });
    try {
      const row = await database.selectFrom("open311_keys").selectAll().executeTakeFirstOrThrow();
      expect(row).toMatchObject({ name: "Fix My City", requests_per_hour: 50, key_hash: hashKey(key), created_by: null });
      const audit = await database.selectFrom("audit_log").select(["action", "metadata"]).executeTakeFirstOrThrow();
      expect(audit).toMatchObject({ action: "open311.key_issued", metadata: { via: "cli" } });
    } finally {
      await database.destroy();
    }
    expect((await run()).code).toBe(2);
  }, 120_000);
});
