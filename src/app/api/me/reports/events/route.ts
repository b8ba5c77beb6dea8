import { myReportsEventsResponse } from "@/server/live/live-routes";

export const dynamic = "force-dynamic";

/** Server-sent events for the signed-in citizen's reports (live-routes.ts). */
export function GET(request: Request) {
  return myReportsEventsResponse(request);
}
