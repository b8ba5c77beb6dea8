import { auditLogInput, deadLetterIdInput, moderateBulkInput, moderateInput, moveReportInput, queueInput, setRoleInput, setStatusInput, usersInput } from "../domain/admin/admin.schemas";
import { getModerationReport } from "../domain/admin/get-moderation-report";
import { getTaskMonitor } from "../domain/admin/get-task-monitor";
import { listAuditActions, listAuditLog } from "../domain/admin/list-audit-log";
import { listQueue } from "../domain/admin/list-queue";
import { moderateReport } from "../domain/admin/moderate-report";
import { moderateReports } from "../domain/admin/moderate-reports";
import { moveReport } from "../domain/admin/move-report";
import { resendDeadLetter } from "../domain/admin/resend-dead-letter";
import { searchUsers } from "../domain/admin/search-users";
import { setUserRole } from "../domain/admin/set-user-role";
import { setUserStatus } from "../domain/admin/set-user-status";
import { getAuditChainState, recheckAuditChain } from "../domain/audit-chain-checks";
import { hidePhoto } from "../domain/photos/hide-photo";
import { hidePhotoInput } from "../domain/photos/photo.schemas";
import { hideUpdate } from "../domain/updates/hide-update";
import { hideUpdateInput } from "../domain/updates/update.schemas";
import { reportIdInput } from "../domain/reports/report.schemas";
import { issueOpen311Key, listOpen311Keys, revokeOpen311Key, setOpen311KeyLimit } from "../domain/open311/api-keys";
import { issueKeyInput, keyIdInput, setKeyLimitInput } from "../domain/open311/open311.schemas";
import { env } from "../config/env";
import { storage } from "../storage/storage";
import { adminProcedure, moderatorProcedure, router } from "../trpc/init";
import { moderatorBodiesInput, saveBodyInput, setModeratorBodiesInput } from "../domain/bodies/body.schemas";
import { listBodies } from "../domain/bodies/list-bodies";
import { assertPhotoInScope, assertReportInScope, assertUpdateInScope, assertReportsInScope, getModeratorBodies, moderationScope, setModeratorBodies } from "../domain/bodies/moderator-scope";
import { saveBody } from "../domain/bodies/save-body";

/**
 * The moderation dashboard. Moderators work the queue and read the audit log and task monitor;
 * admins also manage roles and re-send dead letters. Roles are read from the database per call.
 */
export const adminRouter = router({
  // A moderator limited to some bodies (admin.setModeratorBodies) works only their reports: the queue
  // holds only those, and every action on another body's report is refused (403).
  queue: moderatorProcedure.input(queueInput).query(async ({ ctx, input }) => listQueue(ctx.db, input, await moderationScope(ctx.db, ctx.user))),

  report: moderatorProcedure.input(reportIdInput).query(async ({ ctx, input }) => {
    await assertReportInScope(ctx.db, ctx.user, input.id);
    return getModerationReport(ctx.db, input.id, ctx.user, { similarRadiusMeters: env().SIMILAR_RADIUS_METERS });
  }),

  moderate: moderatorProcedure.input(moderateInput).mutation(async ({ ctx, input }) => {
    await assertReportsInScope(ctx.db, ctx.user, [input.reportId]);
    return moderateReport(ctx.db, { id: ctx.user.id, role: ctx.user.role, ...ctx.client }, input);
  }),

  moderateBulk: moderatorProcedure.input(moderateBulkInput).mutation(async ({ ctx, input }) => {
    await assertReportsInScope(ctx.db, ctx.user, input.items.map((i) => i.reportId), "items");
    return moderateReports(ctx.db, { id: ctx.user.id, role: ctx.user.role, ...ctx.client }, input);
  }),

  // Where the report is, corrected: route-report then routes it from the new place (ADR 0022).
  moveReport: moderatorProcedure.input(moveReportInput).mutation(async ({ ctx, input }) => {
    await assertReportsInScope(ctx.db, ctx.user, [input.reportId]);
    return moveReport(ctx.db, { id: ctx.user.id, role: ctx.user.role, ...ctx.client }, input);
  }),

  hidePhoto: moderatorProcedure.input(hidePhotoInput).mutation(async ({ ctx, input }) => {
    await assertPhotoInScope(ctx.db, ctx.user, input.photoId);
    return hidePhoto(ctx.db, storage(), { id: ctx.user.id, ...ctx.client }, input);
  }),

  hideUpdate: moderatorProcedure.input(hideUpdateInput).mutation(async ({ ctx, input }) => {
    await assertUpdateInScope(ctx.db, ctx.user, input.updateId);
    return hideUpdate(ctx.db, storage(), { id: ctx.user.id, ...ctx.client }, input);
  }),

  auditLog: moderatorProcedure.input(auditLogInput).query(({ ctx, input }) => listAuditLog(ctx.db, ctx.user, input)),

  auditActions: moderatorProcedure.query(({ ctx }) => listAuditActions(ctx.db)),

  auditChain: moderatorProcedure.query(({ ctx }) => getAuditChainState(ctx.db)),

  verifyAuditChain: moderatorProcedure.mutation(({ ctx }) => recheckAuditChain(ctx.db, ctx.user.id)),

  tasks: moderatorProcedure.query(({ ctx }) => getTaskMonitor(ctx.db, ctx.user, { inngestUiUrl: env().INNGEST_UI_URL })),

  users: adminProcedure.input(usersInput).query(({ ctx, input }) => searchUsers(ctx.db, input)),

  setRole: adminProcedure
    .input(setRoleInput)
    .mutation(({ ctx, input }) => setUserRole(ctx.db, { id: ctx.user.id, via: "admin", ...ctx.client }, input.userId, input.role)),

  setStatus: adminProcedure
    .input(setStatusInput)
    .mutation(({ ctx, input }) => setUserStatus(ctx.db, { id: ctx.user.id, via: "admin", ...ctx.client }, input)),

  bodies: moderatorProcedure.query(({ ctx }) => listBodies(ctx.db)),

  saveBody: adminProcedure.input(saveBodyInput).mutation(({ ctx, input }) => saveBody(ctx.db, { id: ctx.user.id, via: "admin", ...ctx.client }, input)),

  moderatorBodies: adminProcedure.input(moderatorBodiesInput).query(({ ctx, input }) => getModeratorBodies(ctx.db, input.userId)),

  setModeratorBodies: adminProcedure.input(setModeratorBodiesInput).mutation(({ ctx, input }) => setModeratorBodies(ctx.db, { id: ctx.user.id, ...ctx.client }, input)),

  resendDeadLetter: adminProcedure.input(deadLetterIdInput).mutation(({ ctx, input }) => resendDeadLetter(ctx.db, { id: ctx.user.id, ...ctx.client }, input.id)),

  // Open311 API keys (ADR 0021): the key is in the answer of issue only, once.
  open311Keys: adminProcedure.query(({ ctx }) => listOpen311Keys(ctx.db)),

  issueOpen311Key: adminProcedure.input(issueKeyInput).mutation(({ ctx, input }) => issueOpen311Key(ctx.db, { id: ctx.user.id, via: "admin", ...ctx.client }, input)),

  setOpen311KeyLimit: adminProcedure
    .input(setKeyLimitInput)
    .mutation(({ ctx, input }) => setOpen311KeyLimit(ctx.db, { id: ctx.user.id, via: "admin", ...ctx.client }, input.keyId, input.requestsPerHour)),

  revokeOpen311Key: adminProcedure.input(keyIdInput).mutation(({ ctx, input }) => revokeOpen311Key(ctx.db, { id: ctx.user.id, via: "admin", ...ctx.client }, input.keyId)),
});
