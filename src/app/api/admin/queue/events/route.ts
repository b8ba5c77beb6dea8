import { queueEventsResponse } from "@/server/live/live-routes";

export const dynamic = "force-dynamic";

/** Server-sent events for the moderation queue, moderators only (live-routes.ts). */
export function GET(request: Request) {
  return queueEventsResponse(request);
}
