"use client";

import "leaflet/dist/leaflet.css";
import type { GeoJsonObject } from "geojson";
import { CircleMarker, GeoJSON, MapContainer, TileLayer, useMap, useMapEvents, ZoomControl } from "react-leaflet";
import { useTranslations } from "next-intl";
import { useEffect, useRef } from "react";
import type { MapConfig } from "@/shared/map-config";
import { pinStep, roundPoint, type Point } from "@/lib/map-keyboard";

interface Props {
  config: MapConfig;
  value: Point | null;
  onPick?: (p: Point) => void;
  height?: number;
  /** The id of the focusable map, for a label, an error (aria-describedby) and focus after a failed submit. */
  id?: string;
  describedBy?: string;
  invalid?: boolean;
  /** Areas drawn on the map (a body's boundary in the dashboard), which the view is fitted to. */
  shapes?: { key: string; geometry: GeoJsonObject; bounds: [[number, number], [number, number]] }[];
}

function FitShapes({ shapes }: { shapes: NonNullable<Props["shapes"]> }) {
  const map = useMap();
  // The bounds' text is the dependency: a new array with the same bounds must not move the view.
  const key = JSON.stringify(shapes.map((s) => s.bounds));
  useEffect(() => {
    const bounds = JSON.parse(key) as [[number, number], [number, number]][];
    if (bounds.length === 0) return;
    const south = Math.min(...bounds.map((b) => b[0][0]));
    const west = Math.min(...bounds.map((b) => b[0][1]));
    const north = Math.max(...bounds.map((b) => b[1][0]));
    const east = Math.max(...bounds.map((b) => b[1][1]));
    map.fitBounds([[south, west], [north, east]]);
  }, [map, key]);
  return null;
}

function ClickToPick({ onPick }: { onPick?: Props["onPick"] }) {
  useMapEvents({
    click(e) {
      onPick?.(roundPoint({ latitude: e.latlng.lat, longitude: e.latlng.lng }));
    },
  });
  return null;
}

/**
 * Moves the view to the pin without animation: the form replaces the map as soon as it is sent, and
 * Leaflet 1.9 ends a zoom animation on a timer that throws if the map was removed meanwhile.
 */
function FollowValue({ value }: { value: Props["value"] }) {
  const map = useMap();
  useEffect(() => {
    if (value) map.setView([value.latitude, value.longitude], Math.max(map.getZoom(), 15), { animate: false });
  }, [map, value]);
  return null;
}

/**
 * The pin by keyboard: the map is one focusable control; Enter or Space places the pin at the
 * centre, the arrow keys move it (Shift: further), + and - zoom. Leaflet's own keyboard handler
 * (which pans) is off, so arrows mean one thing.
 */
function KeyboardPin({ value, onPick, id, describedBy, invalid }: Pick<Props, "value" | "onPick" | "id" | "describedBy" | "invalid">) {
  const map = useMap();
  const t = useTranslations("LocationMap");
  const label = t("label");
  const current = useRef(value);
  useEffect(() => {
    current.current = value;
  }, [value]);
  useEffect(() => {
    const el = map.getContainer();
    el.tabIndex = 0;
    el.setAttribute("role", "application");
    el.setAttribute("aria-roledescription", t("roleDescription"));
    el.setAttribute("aria-label", label);
    if (id) el.id = id;
    function onKey(e: KeyboardEvent) {
      if (!onPick || e.target !== el) return;
      const here = current.current;
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        const c = map.getCenter();
        onPick(roundPoint({ latitude: c.lat, longitude: c.lng }));
        return;
      }
      if (e.key === "+" || e.key === "=") return void (e.preventDefault(), map.zoomIn());
      if (e.key === "-") return void (e.preventDefault(), map.zoomOut());
      const step = pinStep(e.key, e.shiftKey);
      if (!step) return;
      e.preventDefault();
      const from = here ? map.latLngToContainerPoint([here.latitude, here.longitude]) : map.latLngToContainerPoint(map.getCenter());
      const to = map.containerPointToLatLng([from.x + step.dx, from.y + step.dy]);
      onPick(roundPoint({ latitude: to.lat, longitude: to.lng }));
    }
    el.addEventListener("keydown", onKey);
    return () => el.removeEventListener("keydown", onKey);
  }, [map, onPick, id, label, t]);
  useEffect(() => {
    const el = map.getContainer();
    if (describedBy) el.setAttribute("aria-describedby", describedBy);
    else el.removeAttribute("aria-describedby");
    if (invalid) el.setAttribute("aria-invalid", "true");
    else el.removeAttribute("aria-invalid");
  }, [map, describedBy, invalid]);
  return null;
}

/**
 * A Leaflet map that shows (and, with onPick, sets) a point, by pointer or by keyboard. Tiles come
 * from MAP_TILE_URL; where they cannot load the map is blank but still usable, and the form works
 * with typed coordinates.
 */
export default function LocationMap({ config, value, onPick, height = 260, id, describedBy, invalid, shapes }: Props) {
  const t = useTranslations("LocationMap");
  const center: [number, number] = value ? [value.latitude, value.longitude] : config.center;
  return (
    <MapContainer
      center={center}
      zoom={value ? 15 : config.zoom}
      style={{ height, width: "100%", borderRadius: 8 }}
      scrollWheelZoom={false}
      keyboard={!onPick}
      className={onPick ? "map-pickable" : undefined}
      zoomControl={false}
    >
      <ZoomControl zoomInTitle={t("zoomIn")} zoomOutTitle={t("zoomOut")} />
      <TileLayer url={config.tileUrl} attribution={config.attribution} />
      {value && <CircleMarker center={[value.latitude, value.longitude]} radius={10} pathOptions={{ color: "#0f5c4d", fillOpacity: 0.5 }} />}
      {onPick && <div className="map-crosshair" aria-hidden="true" />}
      {shapes?.map((s) => <GeoJSON key={s.key} data={s.geometry} pathOptions={{ color: "#0f5c4d", weight: 2, fillOpacity: 0.15 }} />)}
      {shapes && <FitShapes shapes={shapes} />}
      <ClickToPick onPick={onPick} />
      <FollowValue value={value} />
      {onPick && <KeyboardPin value={value} onPick={onPick} id={id} describedBy={describedBy} invalid={invalid} />}
    </MapContainer>
  );
}
