import { z } from "zod";
import { getOutboxStats } from "../outbox/queries";
import { requestOtp } from "../domain/otp";
import { env } from "../config/env";
import { isInngestReachable } from "../outbox/inngest-status";
import { otpConfig } from "../config/otp-config";
import { publicProcedure, router } from "../trpc/init";

export const requestOtpInput = z.object({
  phone: z.string({ error: "Enter your mobile number" }).trim().min(4, "Enter your mobile number").max(32, "That phone number is too long"),
});

export const authRouter = router({
  requestOtp: publicProcedure.input(requestOtpInput).mutation(({ ctx, input }) => requestOtp(ctx.db, input, ctx.client, otpConfig())),

  /** Whether sign-in codes go out now, or wait for the background worker. */
  deliveryStatus: publicProcedure.query(async ({ ctx }) => {
    const [reachable, outbox] = await Promise.all([isInngestReachable(), getOutboxStats(ctx.db)]);
    const stalled = outbox.oldestPendingAgeSeconds !== null && outbox.oldestPendingAgeSeconds > 30;
    return {
      workerConnected: reachable && !stalled,
      pendingEvents: outbox.pending,
      devMailbox: env().DEV_MAILBOX,
      devServer: env().inngestDev,
    };
  }),
});
