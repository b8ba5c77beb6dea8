import { z } from "zod";
import type { User } from "../db/schema";
import { statusChangeChoice, setNotificationPrefs } from "../domain/profile/notification-prefs";
import { notificationPrefsInput, updateProfileInput, verifyEmailInput } from "../domain/profile/profile.schemas";
import { requestEmailVerification } from "../domain/profile/request-email-verification";
import { updateProfile } from "../domain/profile/update-profile";
import { localeInput, messageLocale, setUserLocale } from "../domain/profile/user-locale";
import { verifyEmail } from "../domain/profile/verify-email";
import { listLedger } from "../domain/reputation";
import { signOutEverywhere } from "../domain/sessions";
import { env } from "../config/env";
import { sealSecret } from "../outbox/seal-secret";
import { authedProcedure, publicProcedure, router } from "../trpc/init";

function profileDto(user: User) {
  return {
    id: user.id,
    phone: user.phone,
    name: user.name,
    email: user.email,
    emailVerified: user.email_verified_at !== null,
    role: user.role,
    reputation: user.reputation,
    memberSince: user.created_at,
    notificationPrefs: { statusChange: statusChangeChoice(user.notification_prefs) },
    /** The saved language, or null when never chosen (the page's language then comes from the browser). */
    locale: user.locale === null ? null : messageLocale(user.locale),
  };
}

export const profileRouter = router({
  me: authedProcedure.query(({ ctx }) => profileDto(ctx.user)),

  reputation: authedProcedure
    .input(z.object({ cursor: z.string().max(200).optional(), limit: z.number().int().min(1).max(50).default(20) }).default({ limit: 20 }))
    .query(async ({ ctx, input }) => ({ total: ctx.user.reputation, ...(await listLedger(ctx.db, ctx.user.id, input)) })),

  update: authedProcedure.input(updateProfileInput).mutation(async ({ ctx, input }) => profileDto(await updateProfile(ctx.db, ctx.user.id, input))),

  sendEmailVerification: authedProcedure.mutation(({ ctx }) => {
    const e = env();
    return requestEmailVerification(ctx.db, ctx.user.id, {
      seal: sealSecret,
      limit: { perUser: e.EMAIL_VERIFICATION_LIMIT_PER_USER, windowSeconds: e.EMAIL_VERIFICATION_LIMIT_WINDOW_SECONDS },
    });
  }),

  /** Public: the link is the proof, and it may be opened on a device that is not signed in. */
  verifyEmail: publicProcedure.input(verifyEmailInput).mutation(async ({ ctx, input }) => {
    const result = await verifyEmail(ctx.db, input.token);
    return { email: result.email };
  }),

  /** Ends every session of the account, this one included: the browser signs out next. */
  signOutEverywhere: authedProcedure.mutation(async ({ ctx }) => {
    await signOutEverywhere(ctx.db, ctx.user.id, ctx.client);
    return { signedOut: true };
  }),

  setNotificationPrefs: authedProcedure.input(notificationPrefsInput).mutation(async ({ ctx, input }) => {
    const prefs = await setNotificationPrefs(ctx.db, ctx.user.id, input);
    return { statusChange: statusChangeChoice(prefs) };
  }),

  /** The account's language for pages and messages; the browser's NEXT_LOCALE cookie is set by the page. */
  setLocale: authedProcedure.input(localeInput).mutation(async ({ ctx, input }) => ({ locale: await setUserLocale(ctx.db, ctx.user.id, input.locale) })),
});
