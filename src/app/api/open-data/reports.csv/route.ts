import { reportsCsvResponse } from "@/server/http/open-data";

export const dynamic = "force-dynamic";

/** Open data: public reports as CSV (server/http/open-data.ts). */
export async function GET(request: Request) {
  return reportsCsvResponse(request);
}
