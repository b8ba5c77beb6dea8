import { Middleware } from "inngest";
import { addLogContext, withLogContext } from "@/server/logging/logger";

/**
 * Puts the function's id, the run's id and its event's id and name on every line logged while
 * Inngest runs a function: the function's own lines, the domain's and the database's, and the
 * SDK's (its "function error" and "step error" lines go through the client's logger). The
 * context opens with the request, which knows the function and the run; the event is read when
 * the function's input is, before any step or hook of the run.
 */
export class LogContextMiddleware extends Middleware.BaseMiddleware {
  readonly id = "civiclens:log-context";

  override wrapRequest({ fn, runId, next }: Middleware.WrapRequestArgs) {
    return withLogContext({ functionId: fn?.id(), runId: runId || undefined }, () => next());
  }

  override transformFunctionInput(arg: Middleware.TransformFunctionInputArgs) {
    addLogContext({ eventId: arg.ctx.event.id, eventName: arg.ctx.event.name });
    return arg;
  }
}
