import { z } from "zod";
import { listLedger } from "../domain/reputation";
import { authedProcedure, router } from "../trpc/init";

export const profileRouter = router({
  me: authedProcedure.query(({ ctx }) => ({
    id: ctx.user.id,
    phone: ctx.user.phone,
    name: ctx.user.name,
    email: ctx.user.email,
    emailVerified: ctx.user.email_verified_at !== null,
    role: ctx.user.role,
    reputation: ctx.user.reputation,
    memberSince: ctx.user.created_at,
  })),

  reputation: authedProcedure
    .input(z.object({ cursor: z.string().max(200).optional(), limit: z.number().int().min(1).max(50).default(20) }).default({ limit: 20 }))
    .query(async ({ ctx, input }) => ({ total: ctx.user.reputation, ...(await listLedger(ctx.db, ctx.user.id, input)) })),
});
