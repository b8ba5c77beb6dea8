import { serve } from "inngest/next";
import { inngest } from "./client";
import { functions } from "./index";

/**
 * The /api/inngest handlers. In cloud mode (every production server: env.ts refuses production
 * without keys) the SDK checks Inngest's signature on every POST that runs a function. Syncs and
 * introspection are signed-only too: `enableUnauthedSync: false` makes the SDK verify a PUT, and a
 * GET or PUT without a signature is refused here before the SDK answers, so an anonymous caller can
 * neither re-register the app nor read its mode and configuration. Dev mode (`next dev` with the
 * local Dev Server) stays open, as the Dev Server signs nothing.
 */
const handlers = serve({ client: inngest, functions, enableUnauthedSync: false });

const SIGNATURE_HEADER = "x-inngest-signature";

type Handler = (req: Request, ctx: unknown) => Promise<Response>;

/** The 401 for a call without Inngest's signature in cloud mode, or null to let the SDK judge it. */
export function refuseUnsigned(headers: Headers): Response | null {
  if (inngest.mode === "cloud" && !headers.get(SIGNATURE_HEADER)) {
    return Response.json({ message: "Unauthorized: only Inngest may call this endpoint (signed requests)." }, { status: 401 });
  }
  return null;
}

function signedOnly(handler: Handler): Handler {
  return (req, ctx) => {
    const refusal = refuseUnsigned(req.headers);
    return refusal ? Promise.resolve(refusal) : handler(req, ctx);
  };
}

export const inngestRoute = {
  GET: signedOnly(handlers.GET as Handler),
  POST: signedOnly(handlers.POST as Handler),
  PUT: signedOnly(handlers.PUT as Handler),
};
