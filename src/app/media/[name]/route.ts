import { Readable } from "node:stream";
import { logger } from "@/server/logging/logger";
import { keyOfMediaName } from "@/server/storage/object-store";
import { storage } from "@/server/storage/storage";

export const dynamic = "force-dynamic";

const notFound = () => new Response("Not found", { status: 404, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", "x-content-type-options": "nosniff" } });

/**
 * GET /media/{name}: a processed photo (display or thumbnail WebP), from whichever store holds it.
 * Only names of processed images are answered (object-store.ts `keyOfMediaName`): the quarantine,
 * where uploads wait, has no URL at all. A name is random and never reused, so its bytes never
 * change: browsers and caches keep it for a year.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ name: string }> }) {
  const key = keyOfMediaName((await params).name);
  if (!key) return notFound();
  const object = await storage()
    .stream(key)
    .catch((err: unknown) => {
      logger.error({ err }, `[media] ${key} could not be read: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    });
  if (object === undefined) return new Response("Unavailable", { status: 503, headers: { "cache-control": "no-store", "retry-after": "10" } });
  if (!object) return notFound();
  return new Response(Readable.toWeb(object.body) as ReadableStream<Uint8Array>, {
    status: 200,
    headers: {
      "content-type": "image/webp",
      "content-length": String(object.size),
      "cache-control": "public, max-age=31536000, immutable",
      "x-content-type-options": "nosniff",
      "content-disposition": "inline",
    },
  });
}
