"use client";

import "leaflet/dist/leaflet.css";
import { divIcon, latLngBounds, point, type LatLngBoundsExpression } from "leaflet";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useEffect, useMemo, useState } from "react";
import { MapContainer, Marker, Popup, TileLayer, useMap, useMapEvents, ZoomControl } from "react-leaflet";
import { MAX_ZOOM, MIN_ZOOM, normalizeBbox, shortCount, type Bbox } from "@/lib/map-view";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/root";
import type { MapConfig } from "@/shared/map-config";
import { CategoryLabel, StatusBadge } from "./report-badges";
import { SupportCount } from "./support-count";

/** What reports.map answers, as the router types it: the client never restates the server's shapes. */
type MapOutput = inferRouterOutputs<AppRouter>["reports"]["map"];
/** A group of reports the server drew together at this zoom (wide views). */
export type MapCluster = MapOutput["clusters"][number];
/** One report on the map (close views). */
export type MapReport = MapOutput["reports"][number];
export type MapAnswer = Pick<MapOutput, "clusters" | "reports">;
type Urgency = NonNullable<MapCluster["mostUrgent"]>;

export interface MapView {
  center: [number, number];
  zoom: number;
  bounds: Bbox;
}

interface Props {
  config: MapConfig;
  /** Where the map opens; later moves are the person's and come back through onViewChange. */
  center: [number, number];
  zoom: number;
  answer: MapAnswer | undefined;
  onViewChange: (view: MapView) => void;
}

/** The bubble's words for a screen reader and a hover: the count in full and what zooming does. */
function useClusterLabel({ count, openCount, mostUrgent }: Pick<MapCluster, "count" | "openCount" | "mostUrgent">): string {
  const t = useTranslations("ReportMap");
  const urgency: Record<Urgency, string> = { urgent: t("urgencyUrgent"), high: t("urgencyHigh"), normal: t("urgencyNormal"), low: t("urgencyLow") };
  if (openCount === 0) return t("clusterNoneOpen", { count });
  if (!mostUrgent) return t("clusterOpen", { count, open: openCount });
  return t("clusterOpenMostPressing", { count, open: openCount, urgency: urgency[mostUrgent] });
}

/** Built as elements, not an HTML string: the page's policy refuses inline style attributes, and nothing here is parsed as markup. */
function clusterElement(c: Pick<MapCluster, "count" | "openCount" | "mostUrgent">, words: string): HTMLElement {
  const el = document.createElement("span");
  const count = document.createElement("span");
  count.className = "map-cluster-count";
  count.setAttribute("aria-hidden", "true");
  count.textContent = shortCount(c.count);
  const label = document.createElement("span");
  label.className = "visually-hidden";
  label.textContent = words;
  el.append(count, label);
  return el;
}

function ClusterMarker({ cluster }: { cluster: MapCluster }) {
  const map = useMap();
  const { count, openCount, mostUrgent, latitude, longitude } = cluster;
  const words = useClusterLabel(cluster);
  // Kept while the cluster is unchanged: a new icon replaces the element, and a keyboard user's focus with it.
  const icon = useMemo(() => {
    const size = Math.round(Math.min(60, 30 + Math.log10(Math.max(1, count)) * 8));
    return divIcon({
      html: clusterElement({ count, openCount, mostUrgent }, words),
      className: `map-cluster map-cluster-${mostUrgent ?? "none"}`,
      iconSize: [size, size],
    });
  }, [count, openCount, mostUrgent, words]);
  const position = useMemo(() => [latitude, longitude] as [number, number], [latitude, longitude]);
  function zoomIn() {
    const b = cluster.bounds;
    const bounds = latLngBounds([b.south, b.west], [b.north, b.east]);
    // A cluster whose reports already fill the view still zooms one step, centred on it.
    const fits = map.getBoundsZoom(bounds, false, point(48, 48));
    if (fits > map.getZoom()) map.fitBounds(bounds, { padding: [24, 24], maxZoom: MAX_ZOOM });
    else map.setView(position, Math.min(MAX_ZOOM, map.getZoom() + 1));
  }
  return (
    <Marker
      position={position}
      icon={icon}
      title={words}
      eventHandlers={{
        click: zoomIn,
        // Leaflet makes the bubble a focusable button; Enter and Space press it, as they press any button.
        keydown(e) {
          if (pressesButton(e.originalEvent)) zoomIn();
        },
      }}
    />
  );
}

/** Enter or Space on a focused marker; the page does not scroll for the Space. */
function pressesButton(e: KeyboardEvent): boolean {
  if (e.key !== "Enter" && e.key !== " ") return false;
  e.preventDefault();
  return true;
}

function ReportMarker({ report }: { report: MapReport }) {
  const { latitude, longitude, priority, status } = report;
  const icon = useMemo(
    () => divIcon({ html: "", className: `map-report map-report-${priority ?? "normal"} map-report-${status}`, iconSize: [20, 20] }),
    [priority, status],
  );
  const position = useMemo(() => [latitude, longitude] as [number, number], [latitude, longitude]);
  return (
    <Marker
      position={position}
      icon={icon}
      title={report.title}
      eventHandlers={{
        // Leaflet opens the card on Enter itself (as a keypress); Space does it too, as on any button.
        keydown(e) {
          if (e.originalEvent.key === " " && pressesButton(e.originalEvent)) e.target.openPopup();
        },
      }}
    >
      <Popup>
        <div className="map-card" data-testid="map-card" data-ref={report.ref}>
          <Link href={`/reports/${report.ref}`} className="report-title">
            {report.title}
          </Link>
          <div className="report-meta">
            <StatusBadge status={report.status} /> <CategoryLabel category={report.category} />
          </div>
          <p className="muted">
            {report.ref} · <SupportCount count={report.supportCount} />
          </p>
        </div>
      </Popup>
    </Marker>
  );
}

/** Tells the page where the map is, once drawn and after every pan or zoom. */
function ViewReporter({ onViewChange }: { onViewChange: Props["onViewChange"] }) {
  const map = useMapEvents({
    moveend() {
      report();
    },
  });
  function report() {
    // A map in a hidden box (a phone's list view) has no size and so no real bounds: it reports once shown.
    if (map.getSize().x === 0 || map.getSize().y === 0) return;
    const b = map.getBounds();
    const c = map.getCenter();
    onViewChange({
      center: [c.lat, c.lng],
      zoom: Math.round(map.getZoom()),
      bounds: normalizeBbox({ west: b.getWest(), south: b.getSouth(), east: b.getEast(), north: b.getNorth() }),
    });
  }
  useEffect(() => {
    report();
    // Once, when drawn; later moves arrive through moveend.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return null;
}

/** A map in a box that was hidden (a phone's list view) or resized draws itself again at its new size. */
function SizeWatcher() {
  const map = useMap();
  useEffect(() => {
    const box = map.getContainer();
    const observer = new ResizeObserver(() => map.invalidateSize());
    observer.observe(box);
    return () => observer.disconnect();
  }, [map]);
  return null;
}

const WORLD: LatLngBoundsExpression = [
  [-90, -180],
  [90, 180],
];

/**
 * The public map: clusters for wide views, single reports close up. Tiles come from MAP_TILE_URL
 * and may not load (offline, blocked): the clusters and reports are drawn all the same over a plain
 * background, and a note says why it is plain.
 */
export default function ReportMap({ config, center, zoom, answer, onViewChange }: Props) {
  const t = useTranslations("ReportMap");
  const [tilesFailed, setTilesFailed] = useState(false);
  return (
    <div className="report-map-frame">
      <MapContainer
        className="report-map"
        center={center}
        zoom={zoom}
        minZoom={MIN_ZOOM}
        maxZoom={MAX_ZOOM}
        maxBounds={WORLD}
        maxBoundsViscosity={1}
        worldCopyJump={false}
        scrollWheelZoom
        zoomControl={false}
      >
        <ZoomControl zoomInTitle={t("zoomIn")} zoomOutTitle={t("zoomOut")} />
        <TileLayer
          url={config.tileUrl}
          attribution={config.attribution}
          noWrap
          eventHandlers={{ tileerror: () => setTilesFailed(true), tileload: () => setTilesFailed(false) }}
        />
        <ViewReporter onViewChange={onViewChange} />
        <SizeWatcher />
        {answer?.clusters.map((c) => <ClusterMarker key={c.key} cluster={c} />)}
        {answer?.reports.map((r) => <ReportMarker key={r.id} report={r} />)}
      </MapContainer>
      {tilesFailed && (
        <p className="map-note" role="status" data-testid="tiles-failed">
          {t("tilesFailed")}
        </p>
      )}
    </div>
  );
}
