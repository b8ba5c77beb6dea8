import { reportsGeoJsonResponse } from "@/server/http/open-data";

export const dynamic = "force-dynamic";

/** Open data: public reports as GeoJSON (server/http/open-data.ts). */
export async function GET(request: Request) {
  return reportsGeoJsonResponse(request);
}
