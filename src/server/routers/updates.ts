import { addUpdate } from "../domain/updates/add-update";
import { listUpdates } from "../domain/updates/list-updates";
import { addUpdateInput, listUpdatesInput } from "../domain/updates/update.schemas";
import { authedProcedure, router, viewerProcedure } from "../trpc/init";

/** Updates on a report (ADR 0023): anyone reads the visible ones; signed-in people post. */
export const updatesRouter = router({
  list: viewerProcedure.input(listUpdatesInput).query(({ ctx, input }) => listUpdates(ctx.db, input.reportId, ctx.viewer)),

  add: authedProcedure.input(addUpdateInput).mutation(({ ctx, input }) => addUpdate(ctx.db, { id: ctx.user.id, role: ctx.user.role }, input)),
});
