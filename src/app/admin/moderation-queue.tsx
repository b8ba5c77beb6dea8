"use client";

import { BodyBadge } from "@/components/body-labels";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { CategoryLabel, PriorityBadge, StatusBadge } from "@/components/report-badges";
import { FormError } from "@/components/form/field";
import { SupportCount } from "@/components/support-count";
import { useLabels } from "@/lib/labels";
import { trpc, useErrorMessage } from "@/lib/trpc";
import { useLiveQueue } from "@/lib/use-live-updates";
import type { MapConfig } from "@/shared/map-config";
import { REJECT_REASONS, type RejectReason } from "@/shared/moderation-catalog";
import { CATEGORIES, PRIORITIES, SEVERITIES, STATUSES, type Category, type Status } from "@/shared/report-catalog";
import { ReportPanel } from "./report-panel";

type Priority = (typeof PRIORITIES)[number];
type Severity = (typeof SEVERITIES)[number];
type BulkAction = "acknowledge" | "start" | "reject";

interface Filters {
  status?: Status;
  category?: Category;
  severity?: Severity;
  priority?: Priority;
  from?: string;
  to?: string;
  bodyId?: string;
  withRequest?: boolean;
  sort: "priority" | "age";
}

export function ModerationQueue({ map }: { map: MapConfig }) {
  const t = useTranslations("AdminQueue");
  const tBodies = useTranslations("Bodies");
  const format = useFormatter();
  const { ACTION_LABELS, CATEGORY_LABELS, PRIORITY_LABELS, REJECT_REASON_LABELS, SEVERITY_LABELS, STATUS_LABELS, labelOf } = useLabels();
  const errorMessage = useErrorMessage();
  const [filters, setFilters] = useState<Filters>({ sort: "priority" });
  const [selected, setSelected] = useState<Record<string, number>>({});
  const [openId, setOpenId] = useState<string | null>(null);
  const [bulkAction, setBulkAction] = useState<BulkAction>("acknowledge");
  const [bulkReason, setBulkReason] = useState<RejectReason>("spam");
  const [bulkNote, setBulkNote] = useState("");
  const utils = trpc.useUtils();

  const input = {
    ...filters,
    from: filters.from ? new Date(filters.from) : undefined,
    to: filters.to ? new Date(`${filters.to}T23:59:59`) : undefined,
    limit: 25,
  };
  // No polling of its own: the live stream below refetches on each change, and polls while it is down.
  const q = trpc.admin.queue.useInfiniteQuery(input, { getNextPageParam: (p) => p.nextCursor ?? undefined });
  const bodies = trpc.admin.bodies.useQuery();
  useLiveQueue();
  // The references of the reports sent in the last bulk action: they may leave the list once moved on.
  const [bulkRefs, setBulkRefs] = useState<Record<string, string>>({});
  const bulk = trpc.admin.moderateBulk.useMutation({
    onSuccess: async () => {
      setSelected({});
      await utils.admin.queue.invalidate();
    },
  });

  const set = <K extends keyof Filters>(key: K, value: Filters[K] | "") => setFilters((f) => ({ ...f, [key]: value || undefined }));
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const chosen = Object.entries(selected);
  const toggle = (id: string, version: number) =>
    setSelected((s) => {
      const next = { ...s };
      if (id in next) delete next[id];
      else next[id] = version;
      return next;
    });

  return (
    <div className={openId ? "admin-split admin-split-open" : "admin-split"}>
      <div className="admin-queue">
        <div className="filters card" data-testid="queue-filters">
          <label>
            {t("status")}
            <select value={filters.status ?? ""} onChange={(e) => set("status", e.target.value as Status)}>
              <option value="">{t("statusOpen")}</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>{STATUS_LABELS[s]}</option>
              ))}
            </select>
          </label>
          <label>
            {t("category")}
            <select value={filters.category ?? ""} onChange={(e) => set("category", e.target.value as Category)}>
              <option value="">{t("all")}</option>
              {CATEGORIES.map((c) => (
                <option key={c} value={c}>{CATEGORY_LABELS[c]}</option>
              ))}
            </select>
          </label>
          <label>
            {tBodies("queueFilter")}
            <select value={filters.bodyId ?? ""} onChange={(e) => set("bodyId", e.target.value)} data-testid="queue-body-filter">
              <option value="">{t("all")}</option>
              {bodies.data?.map((b) => (
                <option key={b.id} value={b.id}>{b.name}</option>
              ))}
            </select>
          </label>
          <label>
            {t("severity")}
            <select value={filters.severity ?? ""} onChange={(e) => set("severity", e.target.value as Severity)}>
              <option value="">{t("all")}</option>
              {SEVERITIES.map((s) => (
                <option key={s} value={s}>{SEVERITY_LABELS[s]}</option>
              ))}
            </select>
          </label>
          <label>
            {t("priority")}
            <select value={filters.priority ?? ""} onChange={(e) => set("priority", e.target.value as Priority)}>
              <option value="">{t("all")}</option>
              {PRIORITIES.map((p) => (
                <option key={p} value={p}>{PRIORITY_LABELS[p]}</option>
              ))}
            </select>
          </label>
          <label>
            {t("filedFrom")}
            <input type="date" value={filters.from ?? ""} onChange={(e) => set("from", e.target.value)} />
          </label>
          <label>
            {t("filedUntil")}
            <input type="date" value={filters.to ?? ""} onChange={(e) => set("to", e.target.value)} />
          </label>
          <label>
            <input type="checkbox" checked={!!filters.withRequest} onChange={(e) => set("withRequest", e.target.checked)} data-testid="queue-request-filter" />
            {t("withRequest")}
          </label>
          <label>
            {t("sort")}
            <select value={filters.sort} onChange={(e) => setFilters((f) => ({ ...f, sort: e.target.value as Filters["sort"] }))}>
              <option value="priority">{t("sortPriority")}</option>
              <option value="age">{t("sortAge")}</option>
            </select>
          </label>
        </div>

        {chosen.length > 0 && (
          <div className="card bulk-bar" data-testid="bulk-bar">
            <strong>{t("selected", { count: chosen.length })}</strong>
            <select aria-label={t("bulkAction")} value={bulkAction} onChange={(e) => setBulkAction(e.target.value as BulkAction)}>
              <option value="acknowledge">{ACTION_LABELS.acknowledge}</option>
              <option value="start">{ACTION_LABELS.start}</option>
              <option value="reject">{ACTION_LABELS.reject}</option>
            </select>
            {bulkAction === "reject" && (
              <select aria-label={t("bulkRejectReason")} value={bulkReason} onChange={(e) => setBulkReason(e.target.value as RejectReason)}>
                {REJECT_REASONS.map((r) => (
                  <option key={r} value={r}>{REJECT_REASON_LABELS[r]}</option>
                ))}
              </select>
            )}
            <input aria-label={t("bulkNote")} placeholder={t("bulkNotePlaceholder")} value={bulkNote} onChange={(e) => setBulkNote(e.target.value)} />
            <button
              type="button"
              className="button button-small"
              disabled={bulk.isPending}
              onClick={() => {
                setBulkRefs(Object.fromEntries(items.filter((i) => i.id in selected).map((i) => [i.id, i.ref])));
                bulk.mutate({
                  action: bulkAction,
                  items: chosen.map(([reportId, version]) => ({ reportId, version })),
                  note: bulkNote || undefined,
                  rejectReason: bulkAction === "reject" ? bulkReason : undefined,
                });
              }}
            >
              {bulk.isPending ? t("applying") : t("apply")}
            </button>
            <button type="button" className="link-button" onClick={() => setSelected({})}>{t("clear")}</button>
          </div>
        )}
        <FormError message={bulk.error ? errorMessage(bulk.error) : null} />
        {bulk.data && <BulkResults results={bulk.data} refs={bulkRefs} />}

        {q.error && <p className="error">{errorMessage(q.error)}</p>}
        {!q.data && !q.error && <p>{t("loading")}</p>}
        {q.data && items.length === 0 && <p className="empty">{t("empty")}</p>}
        <ul className="report-list" data-testid="queue">
          {items.map((r) => (
            <li key={r.id} className={`card report-item queue-item${openId === r.id ? " queue-item-open" : ""}`} data-ref={r.ref}>
              <div className="queue-row">
                <input
                  type="checkbox"
                  className="queue-check"
                  aria-label={t("select", { ref: r.ref })}
                  checked={r.id in selected}
                  onChange={() => toggle(r.id, r.version)}
                />
                <div>
                  <button type="button" className="link-button report-title" onClick={() => setOpenId(r.id)}>
                    {r.title}
                  </button>
                  <div className="report-meta">
                    <StatusBadge status={r.status} /> <CategoryLabel category={r.category} /> <span className="badge">{labelOf(SEVERITY_LABELS, r.severity)}</span>{" "}
                    <PriorityBadge priority={r.priority} /> <BodyBadge name={r.body_name} />
                    {r.classification && (
                      <span className="muted" title={t("classifierTitle")}>
                        {t("classifier", { category: labelOf(CATEGORY_LABELS, r.classification), confidence: format.number(r.classification_confidence ?? 0, { style: "percent" }) })}
                        {r.classifier_agreed === false && ` ${t("citizenChoseOtherwise")}`}
                      </span>
                    )}
                    {r.hazard && <span className="badge priority-urgent">{t("hazard")}</span>}
                    {r.pendingRequest && (
                      <span className="badge" data-testid="queue-request">
                        {r.pendingRequest === "close_request" ? t("requestClose") : t("requestReopen")}
                      </span>
                    )}
                    <SupportCount count={r.supportCount} />
                  </div>
                  <p className="muted">
                    {r.ref} · {format.dateTime(new Date(r.created_at), "dateTime")}
                    {r.address ? ` · ${r.address}` : ""}
                  </p>
                </div>
              </div>
            </li>
          ))}
        </ul>
        {q.hasNextPage && (
          <button type="button" className="button button-quiet" onClick={() => void q.fetchNextPage()} disabled={q.isFetchingNextPage}>
            {q.isFetchingNextPage ? t("loading") : t("showMore")}
          </button>
        )}
      </div>
      {openId && (
        <ReportPanel
          key={openId}
          id={openId}
          map={map}
          onClose={() => setOpenId(null)}
          onChanged={() => void utils.admin.queue.invalidate()}
        />
      )}
    </div>
  );
}

type BulkResult = { reportId: string; ok: true; result: { from: Status; to: Status } } | { reportId: string; ok: false; error: string; code: string; field: string | null };

/** What a bulk action did: how many moved on, and each report it skipped with the reason. */
function BulkResults({ results, refs }: { results: BulkResult[]; refs: Record<string, string> }) {
  const t = useTranslations("AdminQueue");
  const { STATUS_LABELS } = useLabels();
  const done = results.filter((r) => r.ok);
  const skipped = results.filter((r): r is Extract<BulkResult, { ok: false }> => !r.ok);
  return (
    <div className="bulk-results card" role="status" data-testid="bulk-results">
      <p>
        <strong>{skipped.length > 0 ? t("bulkDoneAndSkipped", { done: done.length, skipped: skipped.length }) : t("bulkDone", { done: done.length })}</strong>
      </p>
      <ul>
        {done.map((r) => (
          <li key={r.reportId} className="points-plus">
            {t("bulkNow", { ref: refs[r.reportId] ?? r.reportId, status: STATUS_LABELS[r.result.to] })}
          </li>
        ))}
        {skipped.map((r) => (
          <li key={r.reportId} className="error-text" data-testid="bulk-skipped">
            {t("bulkSkipped", { ref: refs[r.reportId] ?? r.reportId, error: r.error })}
          </li>
        ))}
      </ul>
    </div>
  );
}
