import { reportsFeedResponse } from "@/server/http/open-data";

export const dynamic = "force-dynamic";

/** Open data: the newest public reports as Atom (server/http/open-data.ts). */
export async function GET(request: Request) {
  return reportsFeedResponse(request);
}
