import { sql } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import { submitReport } from "@/server/domain/reports/submit-report";
import { enqueue, eventFilledByRow } from "@/server/outbox/enqueue";
import { eventSchemas } from "@/shared/events";
import { client, createUser, limits, reportInput } from "../../support/factories";
import { truncateAll, useTestDb } from "../../support/test-db";
import { signIn } from "./pending-events";

const db = useTestDb();
beforeEach(async () => truncateAll(db()));

const rows = () => db().selectFrom("event_outbox").select(["id", "name", "data", "sent_at"]).orderBy("seq").execute();

describe("enqueue", () => {
  it("writes the event in the caller's transaction: it exists exactly when the change commits", async () => {
    const payload = signIn(1);
    const id = await db()
      .transaction()
      .execute((trx) => enqueue(trx, "auth/login.succeeded", payload));
    expect(await rows()).toEqual([{ id, name: "auth/login.succeeded", data: payload, sent_at: null }]);

    await expect(
      db()
        .transaction()
        .execute(async (trx) => {
          await enqueue(trx, "auth/login.succeeded", signIn(2));
          throw new Error("the change failed");
        }),
    ).rejects.toThrow("the change failed");
    expect(await rows()).toHaveLength(1);
  });

  it("refuses, outside production, a payload its event's schema refuses, and writes nothing", async () => {
    const wrong = { ...signIn(1), userId: 42 };
    // @ts-expect-error the contract types userId as a string: a wrong field fails the type check too
    await expect(db().transaction().execute((trx) => enqueue(trx, "auth/login.succeeded", wrong))).rejects.toThrow(/auth\/login\.succeeded: the payload does not match/);
    // @ts-expect-error a name outside the contract fails the type check
    await expect(db().transaction().execute((trx) => enqueue(trx, "auth/login.happened", signIn(1)))).rejects.toThrow(/not in the event contract/);
    expect(await rows()).toEqual([]);
  });

  it("shares a statement with other writes (CTEs), as requesting an email verification does", async () => {
    const user = await createUser(db());
    await db()
      .transaction()
      .execute((trx) => enqueue(trx.with("renamed", (q) => q.updateTable("users").set({ name: "Asha" }).where("id", "=", user.id)), "auth/login.succeeded", signIn(1)));
    expect(await db().selectFrom("users").select("name").where("id", "=", user.id).executeTakeFirstOrThrow()).toEqual({ name: "Asha" });
    expect(await rows()).toHaveLength(1);
  });
});

describe("eventFilledByRow (reports.create's one statement)", () => {
  it("writes a report/created whose payload matches the contract, the ref the database gave the report included", async () => {
    const user = await createUser(db());
    const report = await submitReport(db(), user.id, reportInput(), client, limits);
    const [row] = await rows();
    expect(row?.name).toBe("report/created");
    expect(eventSchemas["report/created"].parse(row?.data)).toMatchObject({ reportId: report.id, reporterId: user.id, ref: report.ref });
  });

  it("checks the payload but for the fields the row fills in", () => {
    const event = eventFilledByRow("auth/login.succeeded", ["at"]);
    expect(JSON.parse(event.payload({ userId: "u1", method: "phone-otp", ip: null, userAgent: null }))).toEqual({ userId: "u1", method: "phone-otp", ip: null, userAgent: null });
    // @ts-expect-error userId is missing
    expect(() => event.payload({ method: "phone-otp", ip: null, userAgent: null })).toThrow(/the payload does not match/);
  });

  it("builds the row's columns from the payload and the row's expressions, each typed by the contract", async () => {
    const event = eventFilledByRow("auth/login.succeeded", ["at"]);
    const payload = event.payload({ userId: "u1", method: "phone-otp", ip: null, userAgent: null });
    const at = sql<string>`'2026-12-05T10:00:00.000Z'`;
    await db()
      .insertInto("event_outbox")
      .columns(["name", "data"])
      .expression(db().selectNoFrom(event.columns(payload, { at })))
      .execute();
    expect(await rows()).toMatchObject([{ name: "auth/login.succeeded", data: { ...signIn(1), at: "2026-12-05T10:00:00.000Z" } }]);
  });

  it("is typed by the contract: what the row fills in is not the payload's to give, and is an expression of the field's type", () => {
    const event = eventFilledByRow("report/created", ["ref"]);
    // Never called: `npm run typecheck` checks these lines, each of which must be a type error.
    const typeChecks = () => {
      // @ts-expect-error `ref` is the row's to fill in
      event.payload({ reportId: "r", reporterId: "u", ref: "CL-1", category: null, severity: "low", latitude: 1, longitude: 2, ip: null, userAgent: null, createdAt: "now" });
      // @ts-expect-error the contract's ref is a string
      event.columns("{}", { ref: sql<number>`1` });
      // @ts-expect-error a field the row does not fill in
      event.columns("{}", { ref: sql<string>`'CL-1'`, reportId: sql<string>`'r'` });
      // @ts-expect-error not a field of report/created
      eventFilledByRow("report/created", ["reference"]);
    };
    expect(typeChecks).toBeTypeOf("function");
  });
});
