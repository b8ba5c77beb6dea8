import { z } from "zod";
import { AppError } from "../domain/errors";
import { listMailbox } from "../domain/messages";
import { env } from "../config/env";
import { publicProcedure, router } from "../trpc/init";

const devOnly = publicProcedure.use(({ next }) => {
  if (!env().DEV_MAILBOX) throw new AppError("NOT_FOUND", "The dev mailbox is only on in development.");
  return next();
});

export const devRouter = router({
  mailbox: devOnly.input(z.object({ recipient: z.string().max(320).optional() }).optional()).query(async ({ ctx, input }) => {
    const rows = await listMailbox(ctx.db, { recipient: input?.recipient, limit: 50 });
    return rows.map((m) => ({
      id: m.id,
      channel: m.channel,
      kind: m.kind,
      recipient: m.recipient,
      subject: m.subject,
      body: m.body,
      html: m.html,
      status: m.status,
      createdAt: m.created_at,
    }));
  }),
});
