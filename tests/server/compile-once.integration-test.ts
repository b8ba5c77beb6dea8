import { sql } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import { compileOnce } from "@/server/db/compile-once";
import { truncateAll, useTestDb } from "../support/test-db";

const db = useTestDb();
beforeEach(async () => truncateAll(db()));

describe("compileOnce", () => {
  it("builds and compiles once, and each call runs with its own values (null and dates included)", async () => {
    let builds = 0;
    const insertUser = compileOnce((d, v: { phone: string; name: string | null; at: Date }) => {
      builds++;
      return d.insertInto("users").values({ phone: v.phone, name: v.name, created_at: v.at }).returning(["phone", "name", "created_at"]);
    });
    const first = await insertUser(db(), { phone: "+15550000001", name: "Asha", at: new Date("2026-11-28T10:00:00.123Z") });
    const second = await insertUser(db(), { phone: "+15550000002", name: null, at: new Date("2026-01-02T03:04:05Z") });

    expect(builds).toBe(1);
    expect(first.rows).toEqual([{ phone: "+15550000001", name: "Asha", created_at: new Date("2026-11-28T10:00:00.123Z") }]);
    expect(second.rows).toEqual([{ phone: "+15550000002", name: null, created_at: new Date("2026-01-02T03:04:05Z") }]);
  });

  it("runs inside the caller's transaction", async () => {
    const insertUser = compileOnce((d, v: { phone: string }) => d.insertInto("users").values({ phone: v.phone }));
    await expect(
      db()
        .transaction()
        .execute(async (trx) => {
          await insertUser(trx, { phone: "+15550000003" });
          throw new Error("rolled back");
        }),
    ).rejects.toThrow("rolled back");
    expect(await db().selectFrom("users").select("phone").execute()).toEqual([]);
  });

  it("refuses a builder that computes with a value, which would freeze the first call's result into every call", async () => {
    const derived = compileOnce((d, v: { at: Date }) => d.selectFrom("users").select("id").where("created_at", ">", new Date(v.at.getTime() - 1000)));
    await expect(derived(db(), { at: new Date() })).rejects.toThrow(TypeError);

    const lost = compileOnce((d, v: { name: string | null }) => d.selectFrom("users").select("id").where("name", "=", v.name ? "named" : "nobody"));
    await expect(lost(db(), { name: "" })).rejects.toThrow('parameter(s) name do not reach the SQL as values');
  });

  it("refuses a call that leaves a value out", async () => {
    const byPhone = compileOnce((d, v: { phone: string }) => d.selectFrom("users").select(sql<number>`1`.as("one")).where("phone", "=", v.phone));
    await expect(byPhone(db(), {} as { phone: string })).rejects.toThrow('parameter "phone" is missing');
  });
});
