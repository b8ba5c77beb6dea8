"use client";

import { keepPreviousData, skipToken } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { useMediaQuery } from "@/lib/use-media-query";
import { FeedList } from "@/components/feed-list";
import type { MapAnswer, MapView } from "@/components/report-map";
import { boundsAround, explorerQuery, MAX_TEXT, PUBLIC_STATUSES, type Bbox, type ExplorerState, type PublicStatus } from "@/lib/map-view";
import { trpc, useErrorMessage } from "@/lib/trpc";
import { useDebouncedValue } from "@/lib/use-debounced-value";
import type { MapConfig } from "@/shared/map-config";
import { CATEGORIES, type Category } from "@/shared/report-catalog";
import { useLabels } from "@/lib/labels";

const ReportMap = dynamic(() => import("@/components/report-map"), {
  ssr: false,
  // The same box as the map, so nothing below moves when it arrives.
  loading: () => <div className="report-map-frame map-placeholder">Loading map…</div>,
});

/** Below this width the map and the list take turns (the toggle); above it they sit side by side. */
const NARROW = "(max-width: 899px)";
const MIN_TEXT = 3;
/** The size a map box has before it has drawn, for the list's area on a phone's list view. */
const ASSUMED_MAP_SIZE = { width: 390, height: 480 };

/**
 * The public map page: filters, the map (clusters and reports from reports.map for the view on
 * screen) and the list (reports.feed with the same filters, and the map's area when asked). Every
 * choice is kept in the address, so a view can be shared and the back button restores it.
 */
export function ReportExplorer({ config, initial }: { config: MapConfig; initial: ExplorerState }) {
  const { CATEGORY_LABELS, STATUS_LABELS } = useLabels();
  const errorMessage = useErrorMessage();
  const home = { center: config.center, zoom: config.zoom };
  const [state, setState] = useState(initial);
  const [textInput, setTextInput] = useState(initial.text);
  const text = useDebouncedValue(textInput.trim(), 300);
  // One or two letters match nearly everything, and the server refuses them.
  const searchText = text.length >= MIN_TEXT ? text : undefined;
  // Where the map is, as it last said; settled, so a pan asks the server once it stops.
  const [mapView, setMapView] = useState<MapView | null>(null);
  const view = useDebouncedValue(mapView, 250);
  // Before the browser has said (server rendering, hydration), the wide layout.
  const narrow = useMediaQuery(NARROW) ?? false;
  const mapShown = !narrow || state.view === "map";

  const filters = { status: state.status, category: state.category, text: searchText };

  const mapInput = view ? { bbox: view.bounds, zoom: view.zoom, ...filters } : null;
  const map = trpc.reports.map.useQuery(mapInput && mapShown ? mapInput : skipToken, {
    // The last answer stays drawn until the new one comes; an answer for a view already left is never drawn.
    placeholderData: keepPreviousData,
    trpc: { abortOnUnmount: true },
  });
  // A view already left: its answer is no longer wanted, so its request is called off.
  const utils = trpc.useUtils();
  const lastMapInput = useRef(mapInput);
  const mapKey = JSON.stringify(mapInput);
  useEffect(() => {
    const previous = lastMapInput.current;
    lastMapInput.current = mapInput;
    if (previous) void utils.reports.map.cancel(previous);
    // mapKey stands for mapInput's contents.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [mapKey, utils]);

  const areaBox: Bbox | undefined = state.area ? (view?.bounds ?? boundsAround(state.center, state.zoom, ASSUMED_MAP_SIZE)) : undefined;
  const feed = trpc.reports.feed.useInfiniteQuery(
    { ...filters, bbox: areaBox, limit: 20 },
    { getNextPageParam: (p) => p.nextCursor ?? undefined, placeholderData: keepPreviousData },
  );
  const items = feed.data?.pages.flatMap((p) => p.items) ?? [];

  // The address follows the page: filters, view, and where the map is.
  const center = view?.center ?? state.center;
  const zoom = view?.zoom ?? state.zoom;
  const query = explorerQuery({ ...state, text: searchText ?? "", center, zoom }, home);
  useEffect(() => {
    const next = `${window.location.pathname}${query}`;
    if (next !== `${window.location.pathname}${window.location.search}`) window.history.replaceState(null, "", next);
  }, [query]);

  const set = (patch: Partial<ExplorerState>) => setState((s) => ({ ...s, ...patch }));
  const onViewChange = (v: MapView) => setMapView(v);
  const answer = map.data as MapAnswer | undefined;

  return (
    <div className="explorer" data-view={state.view}>
      <form className="filters card explorer-filters" role="search" aria-label="Filter reports" onSubmit={(e) => e.preventDefault()}>
        <label>
          Status
          <select value={state.status ?? ""} onChange={(e) => set({ status: (e.target.value || undefined) as PublicStatus | undefined })}>
            <option value="">Any status</option>
            {PUBLIC_STATUSES.map((s) => (
              <option key={s} value={s}>{STATUS_LABELS[s]}</option>
            ))}
          </select>
        </label>
        <label>
          Category
          <select value={state.category ?? ""} onChange={(e) => set({ category: (e.target.value || undefined) as Category | undefined })}>
            <option value="">All categories</option>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>{CATEGORY_LABELS[c]}</option>
            ))}
          </select>
        </label>
        <label className="search">
          Search
          <input
            type="search"
            value={textInput}
            maxLength={MAX_TEXT}
            placeholder="e.g. pothole, streetlight"
            aria-describedby="search-hint"
            onChange={(e) => setTextInput(e.target.value)}
          />
          <span id="search-hint" className="hint">
            {textInput.trim().length > 0 && textInput.trim().length < MIN_TEXT ? "Type at least 3 letters." : "Words in the title."}
          </span>
        </label>
        <label className="check">
          <input type="checkbox" checked={state.area} onChange={(e) => set({ area: e.target.checked })} />
          {mapShown ? "Only the area on the map" : "Only the area last shown on the map"}
        </label>
      </form>

      <div className="view-toggle" role="group" aria-label="Show the reports as">
        <button type="button" aria-pressed={state.view === "map"} onClick={() => set({ view: "map" })}>
          Map
        </button>
        <button type="button" aria-pressed={state.view === "list"} onClick={() => set({ view: "list" })}>
          List
        </button>
      </div>

      <div className="explorer-panes">
        <section className="explorer-map" aria-label="Map of reports" data-testid="map-pane">
          <ReportMap config={config} center={initial.center} zoom={initial.zoom} answer={answer} onViewChange={onViewChange} />
          {map.error && <p className="error">{errorMessage(map.error)}</p>}
          <p className="muted map-status" aria-hidden="true">
            {map.isFetching ? "Updating the map…" : "Tap a bubble to zoom in, a dot to see the report."}
          </p>
        </section>

        <section className="explorer-list" aria-labelledby="list-heading" data-testid="list-pane">
          <div className="row">
            <h2 id="list-heading">{state.area ? "Reports in this area" : "Latest reports"}</h2>
            <Link href="/reports/new" className="button button-small">Report a problem</Link>
          </div>
          {feed.error && <p className="error">{errorMessage(feed.error)}</p>}
          {!feed.data && !feed.error && <p className="muted">Loading reports…</p>}
          {feed.data && items.length === 0 && <p className="empty">No reports match these filters.</p>}
          {items.length > 0 && (
            <FeedList items={items} hasMore={!!feed.hasNextPage} loadingMore={feed.isFetchingNextPage} onMore={() => void feed.fetchNextPage()} />
          )}
        </section>
      </div>
    </div>
  );
}
