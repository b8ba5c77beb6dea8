import { decodedSegment } from "@/server/http/path-segment";
import { reportEventsResponse } from "@/server/live/live-routes";

export const dynamic = "force-dynamic";

/** Server-sent events for one report (live-routes.ts). */
export async function GET(request: Request, { params }: { params: Promise<{ reportId: string }> }) {
  return reportEventsResponse(request, decodedSegment((await params).reportId));
}
