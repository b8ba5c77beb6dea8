import { NonRetriableError } from "inngest";

/**
 * The SDK types a function's event as one of its triggers' events or a direct invocation
 * (`inngest/function.invoked`, from step.invoke), whose payload could be any trigger's. CivicLens
 * never invokes its functions directly, so such a run is refused for good, and past this check
 * the event is typed by its name alone.
 */
export function assertTriggered<E extends { name: string }>(event: E): asserts event is Exclude<E, { name: "inngest/function.invoked" }> {
  if (event.name === "inngest/function.invoked") throw new NonRetriableError("CivicLens functions run on their trigger events, not by direct invocation");
}
