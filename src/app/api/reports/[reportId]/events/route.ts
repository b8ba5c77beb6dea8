import { reportEventsResponse } from "@/server/live/live-routes";

export const dynamic = "force-dynamic";

/** The path segment as typed; a malformed escape stays as it came, and the id check refuses it (400). */
function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Server-sent events for one report (live-routes.ts). */
export async function GET(request: Request, { params }: { params: Promise<{ reportId: string }> }) {
  return reportEventsResponse(request, decoded((await params).reportId));
}
