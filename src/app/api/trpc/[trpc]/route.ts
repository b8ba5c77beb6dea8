import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { answerWithRequestId } from "@/server/logging/request-id";
import { BODY_TOO_LARGE, MAX_BODY_BYTES, TRPC_ENDPOINT, logUnexpected, refusal, refuseBeforeTrpc, retryAfterHeaders } from "@/server/trpc/http";
import { appRouter } from "@/server/trpc/root";
import { createTRPCContext } from "@/server/trpc/init";
import { readRequestBody } from "@/server/http/read-body";

const tooLarge = () => refusal(413, "PAYLOAD_TOO_LARGE", BODY_TOO_LARGE);

/**
 * Reads at most MAX_BODY_BYTES of the body, whatever content-length says (chunked bodies have
 * none), so an oversized request is refused with 413 before anything parses it.
 */
async function limitBody(req: Request): Promise<Request | Response> {
  if (req.method !== "POST" || !req.body) return req;
  const body = await readRequestBody(req, MAX_BODY_BYTES);
  if (body === null) return tooLarge();
  return new Request(req.url, { method: req.method, headers: req.headers, body });
}

async function answer(incoming: Request) {
  const refused = refuseBeforeTrpc(new URL(incoming.url));
  if (refused) return refused;
  const req = await limitBody(incoming);
  if (req instanceof Response) return req;
  return fetchRequestHandler({
    endpoint: TRPC_ENDPOINT,
    req,
    router: appRouter,
    createContext: () => createTRPCContext({ headers: req.headers }),
    responseMeta: ({ errors }) => ({ headers: retryAfterHeaders(errors) }),
    onError: logUnexpected,
  });
}

const handler = (req: Request) => answerWithRequestId(req, () => answer(req));

export { handler as GET, handler as POST };
