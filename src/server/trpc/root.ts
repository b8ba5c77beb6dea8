import { adminRouter } from "../routers/admin";
import { authRouter } from "../routers/auth";
import { devRouter } from "../routers/dev";
import { profileRouter } from "../routers/profile";
import { reportsRouter } from "../routers/reports";
import { systemRouter } from "../routers/system";
import { serviceLevelsRouter } from "../routers/service-levels";
import { createCallerFactory, router } from "./init";

export const appRouter = router({
  auth: authRouter,
  reports: reportsRouter,
  profile: profileRouter,
  dev: devRouter,
  system: systemRouter,
  admin: adminRouter,
  serviceLevels: serviceLevelsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
