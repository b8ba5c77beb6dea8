import { getReport } from "../domain/reports/get-report";
import { listPublicReports, listReportsByReporter } from "../domain/reports/report-queries";
import { listMineInput, listPublicInput, reportIdInput, submitReportInput } from "../domain/reports/report.schemas";
import { submitReport } from "../domain/reports/submit-report";
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

  list: publicProcedure.input(listPublicInput).query(({ ctx, input }) => listPublicReports(ctx.db, input)),
});
