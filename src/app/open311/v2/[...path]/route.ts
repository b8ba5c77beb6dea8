import { decodedSegment } from "@/server/http/path-segment";
import { open311Response } from "@/server/open311/handle";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ path: string[] }> };
const serve = async (request: Request, { params }: Context) => open311Response(request, (await params).path.map(decodedSegment));

/** Open311 GeoReport v2 (server/open311/handle.ts; ADR 0021). */
export const GET = serve;
export const POST = serve;
