import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { AppError } from "@/server/domain/errors";
import { appRouter } from "@/server/trpc/root";
import { createTRPCContext } from "@/server/trpc/init";

const MAX_BODY_BYTES = 64 * 1024;

async function handler(req: Request) {
  // Refuse oversized bodies before parsing them: a clear 413 rather than a slow parse.
  const length = Number(req.headers.get("content-length") ?? 0);
  if (length > MAX_BODY_BYTES) {
    return Response.json({ error: { message: `Request body too large (max ${MAX_BODY_BYTES} bytes)`, code: "PAYLOAD_TOO_LARGE" } }, { status: 413 });
  }
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => createTRPCContext({ headers: req.headers }),
    responseMeta({ errors }) {
      const limited = errors.map((e) => e.cause).find((c): c is AppError => c instanceof AppError && c.retryAfterSeconds !== undefined);
      return limited ? { headers: new Headers({ "retry-after": String(limited.retryAfterSeconds) }) } : {};
    },
    onError({ path, error }) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`[trpc] ${path ?? "?"} failed:`, error.cause ?? error);
    },
  });
}

export { handler as GET, handler as POST };
