import { getReport } from "../domain/reports/get-report";
import { getReportMap } from "../domain/reports/map-reports";
import { listFeed, listReportsByReporter } from "../domain/reports/report-queries";
import { feedInput, listMineInput, mapInput, reportIdInput, similarInput, submitReportInput } from "../domain/reports/report.schemas";
import { findSimilarReports } from "../domain/reports/similar-reports";
import { submitReport } from "../domain/reports/submit-report";
import { supportReport, unsupportReport } from "../domain/reports/support";
import { reportRefInput, unfollowInput, unfollowLinkInput } from "../domain/reports/support.schemas";
import { describeUnfollowLink, followReport, unfollowByToken, unfollowReport } from "../domain/reports/follow";
import { AppError } from "../domain/errors";
import { said } from "../domain/server-messages";
import { env } from "../config/env";
import { authedProcedure, publicProcedure, router, sessionProcedure, viewerProcedure } from "../trpc/init";

export const reportsRouter = router({
  create: sessionProcedure.input(submitReportInput).mutation(async ({ ctx, input }) => {
    const e = env();
    const { userId, sid, epoch } = ctx.sessionRef;
    const report = await submitReport(ctx.db, userId, input, { ...ctx.client, session: { sid, epoch } }, {
      perUser: e.REPORTS_LIMIT_PER_USER,
      windowSeconds: e.REPORTS_LIMIT_WINDOW_SECONDS,
    });
    return { id: report.id, ref: report.ref, status: report.status, createdAt: report.created_at };
  }),

  mine: authedProcedure.input(listMineInput).query(({ ctx, input }) => listReportsByReporter(ctx.db, ctx.user.id, input)),

  byId: viewerProcedure.input(reportIdInput).query(({ ctx, input }) => getReport(ctx.db, input.id, ctx.viewer)),

  // The session tier: the one statement checks the caller's standing itself (support.ts).
  support: sessionProcedure.input(reportRefInput).mutation(({ ctx, input }) => {
    const { userId, sid, epoch } = ctx.sessionRef;
    return supportReport(ctx.db, userId, input.reportId, supportLimit(), new Date(), { sid, epoch });
  }),

  unsupport: sessionProcedure.input(reportRefInput).mutation(({ ctx, input }) => {
    const { userId, sid, epoch } = ctx.sessionRef;
    return unsupportReport(ctx.db, userId, input.reportId, supportLimit(), new Date(), { sid, epoch });
  }),

  feed: publicProcedure.input(feedInput).query(({ ctx, input }) => listFeed(ctx.db, input)),

  map: publicProcedure.input(mapInput).query(({ ctx, input }) => getReportMap(ctx.db, input)),

  similar: publicProcedure
    .input(similarInput)
    .query(async ({ ctx, input }) => ({ items: await findSimilarReports(ctx.db, { ...input, radiusMeters: input.radiusMeters ?? env().SIMILAR_RADIUS_METERS }) })),
  follow: authedProcedure.input(reportRefInput).mutation(({ ctx, input }) => followReport(ctx.db, ctx.user.id, input.reportId)),

  /** Signed in, by the report's id; or from the link in a message, by its signed token alone. */
  unfollow: viewerProcedure.input(unfollowInput).mutation(async ({ ctx, input }) => {
    if (input.token !== undefined) {
      const { reportId, following } = await unfollowByToken(ctx.db, env().NEXTAUTH_SECRET, input.token);
      return { reportId, following };
    }
    if (!ctx.viewer) throw new AppError("UNAUTHENTICATED", said("signInToContinue"));
    return unfollowReport(ctx.db, ctx.viewer.id, input.reportId!);
  }),

  /** What an unfollow link will do, for its page: the report it names (a bad link is a 400 naming token). */
  unfollowLink: publicProcedure.input(unfollowLinkInput).query(({ ctx, input }) => describeUnfollowLink(ctx.db, env().NEXTAUTH_SECRET, input.token)),

});

function supportLimit() {
  const e = env();
  return { perUser: e.SUPPORTS_LIMIT_PER_USER, windowSeconds: e.SUPPORTS_LIMIT_WINDOW_SECONDS };
}
