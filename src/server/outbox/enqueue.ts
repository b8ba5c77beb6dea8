import { type Expression, type QueryCreator, sql } from "kysely";
import { eventSchemas, isEventName, type EventName, type EventPayload } from "@/shared/events";
import type { Database } from "../db/schema";
import { env } from "../config/env";
import { noteOutboxWrite } from "./writes";

/**
 * What writes an outbox row: the caller's transaction, or a statement of it that carries other
 * writes in CTEs (`trx.with(...)`), so an event can share a round trip with the change it reports.
 */
export type OutboxWriter = Pick<QueryCreator<Pick<Database, "event_outbox">>, "insertInto">;

/**
 * Writes one event to the outbox inside the caller's transaction: it exists exactly when the change
 * commits, and leaves after the response (writes.ts). The name and payload are checked against the
 * contract (src/shared/events.ts) at compile time, and outside production at run time too, so a
 * payload the functions would refuse fails the test that wrote it. Returns the event id.
 */
export async function enqueue<N extends EventName>(db: OutboxWriter, name: N, payload: EventPayload<N>): Promise<string> {
  assertPayload(name, payload);
  const row = await db.insertInto("event_outbox").values({ name, data: JSON.stringify(payload) }).returning("id").executeTakeFirstOrThrow();
  noteOutboxWrite();
  return row.id;
}

/**
 * An event written by a statement from a row it inserts in the same statement, for payload fields
 * only that row knows (a reference the database assigns): `payload()` gives the rest as JSON text,
 * a parameter of the statement (checked and noted for the relay as `enqueue` does), and `columns()`
 * the `name` and `data` the statement inserts, each of those fields taken from an expression of the
 * row. Both are typed by the contract.
 */
export function eventFilledByRow<N extends EventName, K extends keyof EventPayload<N> & string>(name: N, filledByRow: readonly K[]) {
  return {
    payload(payload: Omit<EventPayload<N>, K>): string {
      assertPayload(name, payload, filledByRow);
      noteOutboxWrite();
      return JSON.stringify(payload);
    },
    columns(payloadJson: string, fromRow: { [F in K]: Expression<EventPayload<N>[F]> }) {
      const fields = filledByRow.map((field) => sql`${sql.lit(field)}, ${fromRow[field]}`);
      return [sql.lit(name).as("name"), sql<string>`${payloadJson}::jsonb || jsonb_build_object(${sql.join(fields)})`.as("data")];
    },
  };
}

/** Outside production, a payload that does not match its event's schema (but for fields a row fills in) is a bug: throw. */
function assertPayload(name: EventName, payload: unknown, filledByRow: readonly string[] = []) {
  if (env().NODE_ENV === "production") return;
  if (!isEventName(name)) throw new Error(`${name} is not in the event contract (src/shared/events.ts)`);
  const issues = (eventSchemas[name].safeParse(payload).error?.issues ?? []).filter((issue) => !filledByRow.includes(String(issue.path[0])));
  if (issues.length > 0) throw new Error(`${name}: the payload does not match the event's schema: ${JSON.stringify(issues)}`);
}
