import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { authOptions } from "@/server/auth/auth-options";
import { hashOtp } from "@/server/domain/otp";
import { otpConfig } from "@/server/config/otp-config";
import { withAfterResponse } from "@/server/outbox/after-response";
import { enqueue } from "@/server/outbox/enqueue";
import { RELAY_WINDOW_MS } from "@/server/outbox/schedule";
import { inngestSender } from "@/server/outbox/sender";
import { createCallerFactory, publicProcedure, router } from "@/server/trpc/init";
import { callerFor } from "../../support/caller";
import { createUser } from "../../support/factories";
import { truncateAll, useTestDb } from "../../support/test-db";
import { pendingSignIns, signIn } from "./pending-events";

/**
 * No procedure asks for the relay: the tRPC middleware does for a mutation that wrote events, and
 * outside tRPC (next-auth's sign-in) the outbox write does. Each case runs as the production server
 * answers a request (withAfterResponse), with Inngest's event API faked at the sender.
 */
const db = useTestDb();
beforeEach(async () => truncateAll(db()));
afterEach(() => vi.restoreAllMocks());

const acceptingSend = () => vi.spyOn(inngestSender, "send").mockImplementation(async (events) => ({ ids: [events].flat().map((e) => e.id ?? "") }));
const sentNames = (send: ReturnType<typeof acceptingSend>) => send.mock.calls.flatMap((call) => [call[0]].flat().map((e) => e.name));
const pending = async () => (await db().selectFrom("event_outbox").select("id").where("sent_at", "is", null).execute()).map((r) => r.id);

/** Handles `work` as one request, then ends its response; resolves with what `work` returned. */
async function asRequest<T>(work: () => Promise<T>): Promise<T> {
  let respond = () => {};
  const responded = new Promise<void>((resolve) => (respond = resolve));
  try {
    return await withAfterResponse(responded, work);
  } finally {
    respond();
  }
}

/** Waits a relay window and a little more: long enough for a pass that was asked for to have run. */
const afterTheWindow = () => new Promise((resolve) => setTimeout(resolve, RELAY_WINDOW_MS * 3));

/** Procedures shaped like the app's, on the same tiers (trpc/init.ts): they write an event, or fail after writing one. */
const probeRouter = router({
  writeThenFail: publicProcedure.mutation(({ ctx }) =>
    ctx.db.transaction().execute(async (trx) => {
      await enqueue(trx, "auth/login.succeeded", signIn(1));
      throw new Error("the change failed after its event was written");
    }),
  ),
  readOnly: publicProcedure.mutation(() => "nothing written"),
});
const probeCaller = () => createCallerFactory(probeRouter)({ db: db(), session: null, client: { ip: null, userAgent: "vitest" } });

describe("events written by a request leave after its response, with no call in the procedure", () => {
  it("a mutation that wrote an event (auth.requestOtp) has it relayed once the response is done", async () => {
    const send = acceptingSend();
    await asRequest(() => callerFor(db()).auth.requestOtp({ phone: "+919876500001" }));
    await vi.waitFor(() => expect(sentNames(send)).toEqual(["auth/otp.requested"]), { timeout: 5_000 });
    expect(await pending()).toEqual([]);
  });

  it("a mutation filing a report (reports.create, one statement) has its report/created relayed", async () => {
    const user = await createUser(db());
    const send = acceptingSend();
    await asRequest(() =>
      callerFor(db(), user).reports.create({ title: "Pothole on 5th Cross", description: "A deep pothole near the bus stop.", latitude: 12.97, longitude: 77.59, severity: "high" }),
    );
    await vi.waitFor(() => expect(sentNames(send)).toEqual(["report/created"]), { timeout: 5_000 });
  });

  it("next-auth's sign-in (no tRPC) has its auth/login.succeeded relayed", async () => {
    const phone = "+919876500002";
    await db()
      .insertInto("otp_codes")
      .values({ phone, code_hash: hashOtp(otpConfig().secret, phone, "123456"), expires_at: new Date(Date.now() + 60_000) })
      .execute();
    // next-auth keeps the provider's own options (id "phone-otp", authorize) under `options`.
    const provider = authOptions.providers.find((p) => p.type === "credentials" && p.options.id === "phone-otp");
    const authorize = provider?.type === "credentials" ? provider.options.authorize : undefined;
    if (!authorize) throw new Error("no phone-otp credentials provider");
    const send = acceptingSend();
    const user = await asRequest(() => authorize({ phone, code: "123456" }, { headers: { "user-agent": "vitest" } }));
    expect(user).toMatchObject({ phone });
    await vi.waitFor(() => expect(sentNames(send)).toEqual(["auth/login.succeeded"]), { timeout: 5_000 });
  });

  it("a mutation that wrote nothing, or failed, asks for no relay: a backlog waits for the sweep", async () => {
    const [backlog] = await pendingSignIns(db(), 1);
    const send = acceptingSend();
    await asRequest(() => probeCaller().readOnly());
    await expect(asRequest(() => probeCaller().writeThenFail())).rejects.toThrow("the change failed after its event was written");
    await afterTheWindow();
    expect(send).not.toHaveBeenCalled();
    expect(await pending()).toEqual([backlog]);
  });
});
