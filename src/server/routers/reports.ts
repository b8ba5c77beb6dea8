import { getReport } from "../domain/reports/get-report";
import { listPublicReports, listReportsByReporter } from "../domain/reports/report-queries";
import { listMineInput, listPublicInput, reportIdInput, submitReportInput } from "../domain/reports/report.schemas";
import { submitReport } from "../domain/reports/submit-report";
import { supportReport, unsupportReport } from "../domain/reports/support";
import { reportRefInput } from "../domain/reports/support.schemas";
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

  support: authedProcedure.input(reportRefInput).mutation(({ ctx, input }) => supportReport(ctx.db, ctx.user.id, input.reportId, supportLimit())),

  unsupport: authedProcedure.input(reportRefInput).mutation(({ ctx, input }) => unsupportReport(ctx.db, ctx.user.id, input.reportId, supportLimit())),

  list: publicProcedure.input(listPublicInput).query(({ ctx, input }) => listPublicReports(ctx.db, input)),
});

function supportLimit() {
  const e = env();
  return { perUser: e.SUPPORTS_LIMIT_PER_USER, windowSeconds: e.SUPPORTS_LIMIT_WINDOW_SECONDS };
}
