import { adminRouter } from "../routers/admin";
import { alertsRouter } from "../routers/alerts";
import { authRouter } from "../routers/auth";
import { devRouter } from "../routers/dev";
import { profileRouter } from "../routers/profile";
import { reportsRouter } from "../routers/reports";
import { systemRouter } from "../routers/system";
import { updatesRouter } from "../routers/updates";
import { serviceLevelsRouter } from "../routers/service-levels";
import { createCallerFactory, router } from "./init";

export const appRouter = router({
  auth: authRouter,
  reports: reportsRouter,
  profile: profileRouter,
  dev: devRouter,
  system: systemRouter,
  admin: adminRouter,
  updates: updatesRouter,
  alerts: alertsRouter,
  serviceLevels: serviceLevelsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
