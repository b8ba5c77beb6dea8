import { subscribeInput, subscriptionIdInput, unsubscribeTokenInput, updateSubscriptionInput } from "../domain/alerts/alert.schemas";
import { listSubscriptions, readUnsubscribeLink, subscribe, unsubscribe, unsubscribeByToken, updateSubscription } from "../domain/alerts/subscriptions";
import { env } from "../config/env";
import { authedProcedure, publicProcedure, router } from "../trpc/init";

/** Area alerts (ADR 0020): a signed-in citizen's subscriptions, and the signed link's unsubscribe. */
export const alertsRouter = router({
  subscribe: authedProcedure.input(subscribeInput).mutation(({ ctx, input }) => subscribe(ctx.db, ctx.user.id, input)),
  list: authedProcedure.query(({ ctx }) => listSubscriptions(ctx.db, ctx.user.id)),
  update: authedProcedure.input(updateSubscriptionInput).mutation(({ ctx, input }) => updateSubscription(ctx.db, ctx.user.id, input)),
  unsubscribe: authedProcedure.input(subscriptionIdInput).mutation(({ ctx, input }) => unsubscribe(ctx.db, ctx.user.id, input.id)),
  /** What a message's unsubscribe link names (null once removed); a forged link is a 400 naming token. */
  unsubscribeLink: publicProcedure.input(unsubscribeTokenInput).query(async ({ ctx, input }) => {
    const { subscription } = await readUnsubscribeLink(ctx.db, env().NEXTAUTH_SECRET, input.token);
    return { subscription: subscription && { radiusMeters: subscription.radiusMeters, latitude: subscription.latitude, longitude: subscription.longitude } };
  }),
  /** The link's one click, without a session: the signed token is the proof. */
  unsubscribeByLink: publicProcedure.input(unsubscribeTokenInput).mutation(({ ctx, input }) => unsubscribeByToken(ctx.db, env().NEXTAUTH_SECRET, input.token)),
});
