import { randomUUID } from "node:crypto";
import { InngestTestEngine } from "@inngest/test";
import { beforeEach, describe, expect, it } from "vitest";
import { findStatusChangeRecipient } from "@/server/domain/profile/status-change-recipient";
import { findMessageLocale } from "@/server/domain/profile/user-locale";
import { listFollowerRecipients } from "@/server/domain/reports/followers";
import { createTRPCContext } from "@/server/trpc/init";
import { createCaller } from "@/server/trpc/root";
import { sealSecret } from "@/server/outbox/seal-secret";
import { sendOtpSms } from "@root/inngest/functions/send-otp-sms";
import { callerFor, trpcFailure as failure } from "../../support/caller";
import { createUser, reportInput } from "../../support/factories";
import { truncateAll, useTestDb } from "../../support/test-db";

const db = useTestDb();
beforeEach(async () => truncateAll(db()));

async function signedIn() {
  const user = await createUser(db());
  return { user, api: callerFor(db(), { id: user.id, phone: user.phone }) };
}

describe("profile.setLocale", () => {
  it("saves the language on the account, which profile.me then shows", async () => {
    const { user, api } = await signedIn();
    expect((await api.profile.me()).locale).toBeNull();
    expect(await api.profile.setLocale({ locale: "hi" })).toEqual({ locale: "hi" });
    expect((await api.profile.me()).locale).toBe("hi");
    expect(await findMessageLocale(db(), user.id)).toBe("hi");
    await api.profile.setLocale({ locale: "en" });
    expect(await findMessageLocale(db(), user.id)).toBe("en");
  });

  it("refuses a language it does not speak with BAD_REQUEST naming locale, and a visitor with UNAUTHORIZED", async () => {
    const { api } = await signedIn();
    for (const locale of ["fr", "HI", "", "hi\u0000", "x".repeat(300)]) {
      const err = await failure(api.profile.setLocale({ locale } as { locale: "hi" }));
      expect(err.code).toBe("BAD_REQUEST");
      expect(err, locale).toMatchObject({ cause: { field: "locale" } });
    }
    expect((await failure(callerFor(db()).profile.setLocale({ locale: "hi" }))).code).toBe("UNAUTHORIZED");
  });

  it("is refused by the database itself for anything but en and hi", async () => {
    const user = await createUser(db());
    await expect(db().updateTable("users").set({ locale: "fr" }).where("id", "=", user.id).execute()).rejects.toThrow(/check/i);
  });
});

describe("the saved language reaches the messages", () => {
  it("writes notices to the reporter and to followers in each one's saved language", async () => {
    const reporter = await createUser(db());
    const follower = await createUser(db());
    await db().updateTable("users").set({ locale: "hi" }).where("id", "=", reporter.id).execute();
    const api = callerFor(db(), { id: reporter.id, phone: reporter.phone });
    const report = await api.reports.create(reportInput());
    await callerFor(db(), { id: follower.id, phone: follower.phone }).reports.follow({ reportId: report.id });

    expect(await findStatusChangeRecipient(db(), reporter.id, report.id)).toMatchObject({ channel: "sms", locale: "hi" });
    const { recipients } = await listFollowerRecipients(db(), report.id, null);
    expect(recipients).toEqual([expect.objectContaining({ userId: follower.id, locale: "en" })]);
  });
});

describe("a sign-in code's SMS in the language of the request that asked for it", () => {
  async function otpEventFor(headers: Headers) {
    const api = createCaller(await createTRPCContext({ headers, session: null }));
    await api.auth.requestOtp({ phone: "+919876543210" });
    const row = await db().selectFrom("event_outbox").selectAll().where("name", "=", "auth/otp.requested").executeTakeFirstOrThrow();
    return row.data as { locale?: string };
  }

  it("carries the request's language in auth/otp.requested: the cookie, else Accept-Language", async () => {
    expect((await otpEventFor(new Headers({ "accept-language": "hi-IN,hi;q=0.9,en;q=0.5" }))).locale).toBe("hi");
    await truncateAll(db());
    expect((await otpEventFor(new Headers({ cookie: "NEXT_LOCALE=en", "accept-language": "hi" }))).locale).toBe("en");
    await truncateAll(db());
    expect((await otpEventFor(new Headers())).locale).toBe("en");
  });

  it("texts the code in Hindi for a Hindi request, and in English for an event written before the field existed", async () => {
    const event = async (locale?: "hi") => ({
      id: randomUUID(),
      name: "auth/otp.requested",
      ts: Date.now(),
      data: { phone: "+919876543210", otpId: randomUUID(), expiresAt: new Date(Date.now() + 300_000).toISOString(), ...(locale ? { locale } : {}), encrypted: await sealSecret({ code: "654321" }) },
    });
    await new InngestTestEngine({ function: sendOtpSms }).execute({ events: [await event("hi")] });
    await new InngestTestEngine({ function: sendOtpSms }).execute({ events: [await event()] });
    const bodies = (await db().selectFrom("messages").select(["body", "created_at"]).orderBy("created_at").execute()).map((m) => m.body);
    expect(bodies).toEqual([
      "654321 आपका CivicLens साइन-इन कोड है। यह 5 मिनट में समाप्त हो जाएगा। इसे कभी किसी के साथ साझा न करें।",
      "654321 is your CivicLens sign-in code. It expires in 5 minutes. Never share it with anyone.",
    ]);
  });
});
