import { beforeEach, describe, expect, it } from "vitest";
import type { DB } from "@/server/db/client";
import { requestEmailVerification, type EmailVerificationConfig } from "@/server/domain/profile/request-email-verification";
import { updateProfile } from "@/server/domain/profile/update-profile";
import { verifyEmail } from "@/server/domain/profile/verify-email";
import { callerFor, trpcFailure as failure } from "../../support/caller";
import { createUser } from "../../support/factories";
import { truncateAll, useTestDb } from "../../support/test-db";
import { staff } from "./helpers";

const db = useTestDb();
beforeEach(async () => truncateAll(db()));

const config: EmailVerificationConfig = { seal: async (value) => ({ testSealed: value }), limit: { perUser: 10, windowSeconds: 3600 } };
const EVENT = "user/email-verification.requested";

async function citizenWithEmail(email = "asha@example.com") {
  const user = await createUser(db());
  await updateProfile(db(), user.id, { email });
  return user;
}

/** The newest verification email queued for the user, turned into a dead letter as record-dead-letter would. */
async function deadLetterOfLastEmail(d: DB, userId: string) {
  const events = await d.selectFrom("event_outbox").select(["id", "data"]).where("name", "=", EVENT).orderBy("seq", "desc").execute();
  const event = events.find((e) => (e.data as { userId: string }).userId === userId)!;
  return d
    .insertInto("dead_letters")
    .values({ function_id: "civiclens-send-verification-email", run_id: `run-${event.id}`, event_id: event.id, event_name: EVENT, event_data: JSON.stringify(event.data), error: "Resend 500" })
    .returning("id")
    .executeTakeFirstOrThrow();
}

async function resendRefused(letterId: string) {
  const admin = await staff(db(), "admin");
  const err = await failure(callerFor(db(), admin).admin.resendDeadLetter({ id: letterId }));
  // Refused, and nothing happened: the letter stays open for a person to dismiss or look into.
  const letter = await db().selectFrom("dead_letters").select("status").where("id", "=", letterId).executeTakeFirstOrThrow();
  expect(letter.status).toBe("open");
  return err;
}

describe("admin.resendDeadLetter: a verification email whose link is dead by now", () => {
  it("re-sends the newest link while it still works", async () => {
    const user = await citizenWithEmail();
    await requestEmailVerification(db(), user.id, config);
    const letter = await deadLetterOfLastEmail(db(), user.id);
    const res = await callerFor(db(), await staff(db(), "admin")).admin.resendDeadLetter({ id: letter.id });
    expect(res.eventId).toBeTruthy();
  });

  it("refuses once a newer link was sent", async () => {
    const user = await citizenWithEmail();
    await requestEmailVerification(db(), user.id, config);
    const old = await deadLetterOfLastEmail(db(), user.id);
    await requestEmailVerification(db(), user.id, config);
    const err = await resendRefused(old.id);
    expect(err).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/^Not re-sent: a newer verification link was sent on .+ UTC, so the email would carry a link that no longer works\.$/) });
  });

  it("refuses once the address is verified", async () => {
    const user = await citizenWithEmail();
    await requestEmailVerification(db(), user.id, config);
    const letter = await deadLetterOfLastEmail(db(), user.id);
    const rows = await db().selectFrom("event_outbox").select("data").where("name", "=", EVENT).execute();
    // The citizen used the link from the first try (the email did arrive; the run failed after).
    await verifyEmail(db(), (rows[0]!.data as { encrypted: { testSealed: { token: string } } }).encrypted.testSealed.token);
    expect((await resendRefused(letter.id)).message).toMatch(/^Not re-sent: the email address was verified on .+ UTC/);
  });

  it("refuses once the account's email changed, or the link expired", async () => {
    const user = await citizenWithEmail();
    await requestEmailVerification(db(), user.id, config);
    const letter = await deadLetterOfLastEmail(db(), user.id);
    await updateProfile(db(), user.id, { email: "asha.new@example.com" });
    expect((await resendRefused(letter.id)).message).toMatch(/^Not re-sent: the account's email address has changed since this link was issued/);

    const other = await citizenWithEmail("ravi@example.com");
    await requestEmailVerification(db(), other.id, config, new Date(Date.now() - 48 * 3600_000));
    const expired = await deadLetterOfLastEmail(db(), other.id);
    expect((await resendRefused(expired.id)).message).toMatch(/^Not re-sent: the link expired on .+ UTC/);
  });
});
