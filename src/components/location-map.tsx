"use client";

import "leaflet/dist/leaflet.css";
import { CircleMarker, MapContainer, TileLayer, useMap, useMapEvents } from "react-leaflet";
import { useEffect } from "react";
import type { MapConfig } from "@/shared/map-config";

interface Props {
  config: MapConfig;
  value: { latitude: number; longitude: number } | null;
  onPick?: (p: { latitude: number; longitude: number }) => void;
  height?: number;
}

function ClickToPick({ onPick }: { onPick?: Props["onPick"] }) {
  useMapEvents({
    click(e) {
      onPick?.({ latitude: Number(e.latlng.lat.toFixed(6)), longitude: Number(e.latlng.lng.toFixed(6)) });
    },
  });
  return null;
}

function FollowValue({ value }: { value: Props["value"] }) {
  const map = useMap();
  useEffect(() => {
    if (value) map.setView([value.latitude, value.longitude], Math.max(map.getZoom(), 15));
  }, [map, value]);
  return null;
}

/**
 * A Leaflet map that shows (and, with onPick, sets) a point. Tiles come from MAP_TILE_URL; where
 * they cannot load the map is blank but still clickable, and the form works with typed coordinates.
 */
export default function LocationMap({ config, value, onPick, height = 260 }: Props) {
  const center: [number, number] = value ? [value.latitude, value.longitude] : config.center;
  return (
    <MapContainer center={center} zoom={value ? 15 : config.zoom} style={{ height, width: "100%", borderRadius: 8 }} scrollWheelZoom={false}>
      <TileLayer url={config.tileUrl} attribution={config.attribution} />
      {value && <CircleMarker center={[value.latitude, value.longitude]} radius={10} pathOptions={{ color: "#0f5c4d", fillOpacity: 0.5 }} />}
      <ClickToPick onPick={onPick} />
      <FollowValue value={value} />
    </MapContainer>
  );
}
