import "server-only";
import type { Executor } from "../../db/client";
import { decodeCursor, page } from "../pagination";
import type { Role } from "../../db/schema";
import { maskPhone } from "../phone";
import { describeUserAgent, maskContactsInJson, maskIp, maskText, seesContactData } from "../privacy/mask-contact";
import type { AuditLogInput } from "./admin.schemas";

/**
 * The audit log, newest first, keyset-paginated on (created_at, id); the actor comes from a join, not
 * a query per row. What a row says about citizens' contact (a failed sign-in's phone, an email, the
 * IP and browser) is masked unless the viewer is an admin; the actor's phone is masked for everyone,
 * their id is what filters by them.
 */
export async function listAuditLog(db: Executor, viewer: { role: Role }, f: AuditLogInput) {
  const cursor = decodeCursor(f.cursor);
  let q = db
    .selectFrom("audit_log as a")
    .leftJoin("users as u", "u.id", "a.actor_id")
    .select([
      "a.id",
      "a.event_id",
      "a.action",
      "a.status",
      "a.actor_id",
      "a.resource_type",
      "a.resource_id",
      "a.description",
      "a.metadata",
      "a.ip",
      "a.user_agent",
      "a.created_at",
      "u.phone as actor_phone",
      "u.name as actor_name",
      "u.role as actor_role",
    ])
    .orderBy("a.created_at", "desc")
    .orderBy("a.id", "desc")
    .limit(f.limit + 1);
  // A trailing ".*"-style prefix ("report.") lists a family of actions.
  if (f.action) q = f.action.endsWith(".") ? q.where("a.action", "like", `${f.action.replace(/[%_\\]/g, "\\$&")}%`) : q.where("a.action", "=", f.action);
  if (f.actorId) q = q.where("a.actor_id", "=", f.actorId);
  if (f.resourceId) q = q.where("a.resource_id", "=", f.resourceId);
  if (f.from) q = q.where("a.created_at", ">=", f.from);
  if (f.to) q = q.where("a.created_at", "<=", f.to);
  if (cursor) q = q.where((eb) => eb(eb.refTuple("a.created_at", "a.id"), "<", eb.tuple(cursor.at, cursor.id)));
  const { items, nextCursor } = page(await q.execute(), f.limit);
  const full = seesContactData(viewer);
  return {
    items: items.map(({ actor_phone, ...row }) => ({
      ...row,
      ...(full
        ? {}
        : {
            resource_id: row.resource_id && maskText(row.resource_id),
            description: row.description && maskText(row.description),
            metadata: maskContactsInJson(row.metadata) as typeof row.metadata,
            ip: row.ip && maskIp(row.ip),
            user_agent: row.user_agent && describeUserAgent(row.user_agent),
          }),
      actor_phone: actor_phone ? maskPhone(actor_phone) : null,
    })),
    nextCursor,
    contactMasked: !full,
  };
}

/** The distinct actions recorded so far, for the filter's choices. */
export async function listAuditActions(db: Executor): Promise<string[]> {
  const rows = await db.selectFrom("audit_log").select("action").distinct().orderBy("action").execute();
  return rows.map((r) => r.action);
}
