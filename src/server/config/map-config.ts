import type { MapConfig } from "@/shared/map-config";
import { env } from "./env";

/** The map settings pages hand to the browser (tiles are configurable; see MAP_TILE_URL). */
export function mapConfig(): MapConfig {
  const e = env();
  const [lat, lng, zoom] = e.MAP_DEFAULT_CENTER.split(",").map(Number) as [number, number, number];
  return { tileUrl: e.MAP_TILE_URL, attribution: e.MAP_ATTRIBUTION, center: [lat, lng], zoom };
}
