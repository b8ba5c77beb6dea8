import { authRouter } from "../routers/auth";
import { devRouter } from "../routers/dev";
import { createCallerFactory, router } from "./init";

export const appRouter = router({
  auth: authRouter,
  dev: devRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
