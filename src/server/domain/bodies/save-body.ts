import "server-only";
import type { DB, Tx } from "../../db/client";
import { recordAudit } from "../audit";
import { AppError } from "../errors";
import { said } from "../server-messages";
import type { SaveBodyInput } from "./body.schemas";
import { type CheckedBoundary, parseBoundaryText } from "./boundary";

export interface BodyActor {
  id: string | null;
  ip?: string | null;
  userAgent?: string | null;
  via: "admin" | "cli" | "seed";
}

export interface BodyDefinition {
  slug: string;
  name: string;
  categories: string[];
  isDefault: boolean;
  boundary: CheckedBoundary | null;
}

/** The dashboard's form, checked: the boundary text parsed and checked (boundary.ts). */
export function bodyDefinition(input: SaveBodyInput): BodyDefinition {
  const text = input.boundary?.trim();
  return { slug: input.slug, name: input.name, categories: input.categories, isDefault: input.isDefault, boundary: text ? parseBoundaryText(text) : null };
}

/**
 * Creates or updates a body by slug, with its audit row, in the caller's transaction. There is
 * always exactly one default: making a body the default takes it from the last one, and the default
 * cannot be unmade except by making another. Only the default may go without a boundary. Reports
 * already routed keep their body; new and recategorised ones follow the new definition.
 */
export async function saveBodyIn(trx: Tx, actor: BodyActor, body: BodyDefinition) {
  if (!body.boundary && !body.isDefault) throw new AppError("INVALID_INPUT", said("bodyBoundaryRequired"), { field: "boundary" });
  const existing = await trx.selectFrom("bodies").select(["id", "is_default"]).where("slug", "=", body.slug).forUpdate().executeTakeFirst();
  if (existing?.is_default && !body.isDefault) {
    throw new AppError("INVALID_INPUT", said("bodyIsDefault"), { field: "isDefault" });
  }
  if (!existing && !body.isDefault) {
    const anyDefault = await trx.selectFrom("bodies").select("id").where("is_default", "=", true).executeTakeFirst();
    if (!anyDefault) throw new AppError("INVALID_INPUT", said("bodyFirstIsDefault"), { field: "isDefault" });
  }
  if (body.isDefault) {
    const current = await trx.selectFrom("bodies").select(["slug", "boundary"]).where("is_default", "=", true).forUpdate().executeTakeFirst();
    // Only a default may go without a boundary, so the one giving up the role needs one first.
    if (current && current.slug !== body.slug && !current.boundary) {
      throw new AppError("INVALID_INPUT", said("bodyDefaultNeedsBoundary", { name: current.slug }), { field: "isDefault" });
    }
  }
  if (body.isDefault) await trx.updateTable("bodies").set({ is_default: false, updated_at: new Date() }).where("is_default", "=", true).where("slug", "<>", body.slug).execute();

  const b = body.boundary;
  const values = {
    name: body.name,
    categories: body.categories,
    is_default: body.isDefault,
    boundary: b ? JSON.stringify(b.boundary) : null,
    area_m2: b?.areaM2 ?? null,
    min_lat: b?.bbox.minLat ?? null,
    max_lat: b?.bbox.maxLat ?? null,
    min_lon: b?.bbox.minLon ?? null,
    max_lon: b?.bbox.maxLon ?? null,
    updated_at: new Date(),
  };
  const row = await trx
    .insertInto("bodies")
    .values({ slug: body.slug, ...values })
    .onConflict((oc) => oc.column("slug").doUpdateSet(values))
    .returning(["id", "slug", "name", "is_default"])
    .executeTakeFirstOrThrow();
  await recordAudit(trx, {
    action: existing ? "body.updated" : "body.created",
    actorId: actor.id,
    resourceType: "body",
    resourceId: row.id,
    description: `${body.name} (${body.slug})`,
    metadata: { slug: body.slug, name: body.name, categories: body.categories, isDefault: body.isDefault, areaM2: b?.areaM2 ?? null, bbox: b?.bbox ?? null, via: actor.via },
    ip: actor.ip,
    userAgent: actor.userAgent,
  });
  return { id: row.id, slug: row.slug, name: row.name, isDefault: row.is_default, created: !existing };
}

export async function saveBody(db: DB, actor: BodyActor, input: SaveBodyInput) {
  const body = bodyDefinition(input);
  return db.transaction().execute((trx) => saveBodyIn(trx, actor, body));
}
