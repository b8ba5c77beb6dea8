import { serviceLevelCompliance } from "../domain/service-levels/compliance";
import { complianceInput, setServiceLevelInput } from "../domain/service-levels/service-levels.schemas";
import { listServiceLevels, setServiceLevel } from "../domain/service-levels/targets";
import { adminProcedure, moderatorProcedure, publicProcedure, router } from "../trpc/init";

/**
 * Service levels (issue 18): the targets in force are public (a citizen may know what to expect);
 * admins set them, audited; moderators read how well they are kept and what is overdue.
 */
export const serviceLevelsRouter = router({
  list: publicProcedure.query(({ ctx }) => listServiceLevels(ctx.db)),

  set: adminProcedure.input(setServiceLevelInput).mutation(({ ctx, input }) => setServiceLevel(ctx.db, { id: ctx.user.id, ...ctx.client }, input)),

  compliance: moderatorProcedure.input(complianceInput).query(({ ctx, input }) => serviceLevelCompliance(ctx.db, input.days)),
});
