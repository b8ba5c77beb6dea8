"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { trpc, useErrorMessage } from "@/lib/trpc";

interface Filters {
  action?: string;
  actorId?: string;
  resourceId?: string;
  from?: string;
  to?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function AuditLog() {
  const t = useTranslations("AdminAudit");
  const errorMessage = useErrorMessage();
  const format = useFormatter();
  const [filters, setFilters] = useState<Filters>({});
  const [draft, setDraft] = useState<Filters>({});
  const actions = trpc.admin.auditActions.useQuery();
  const input = {
    action: filters.action || undefined,
    actorId: filters.actorId && UUID.test(filters.actorId) ? filters.actorId : undefined,
    resourceId: filters.resourceId || undefined,
    from: filters.from ? new Date(filters.from) : undefined,
    to: filters.to ? new Date(`${filters.to}T23:59:59`) : undefined,
    limit: 25,
  };
  const q = trpc.admin.auditLog.useInfiniteQuery(input, { getNextPageParam: (p) => p.nextCursor ?? undefined });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const masked = q.data?.pages[0]?.contactMasked ?? false;

  return (
    <>
      <form
        className="filters card"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters(draft);
        }}
      >
        <label>
          {t("action")}
          <select value={draft.action ?? ""} onChange={(e) => setDraft({ ...draft, action: e.target.value })}>
            <option value="">{t("allActions")}</option>
            {actions.data?.map((a) => (
              <option key={a} value={a}>{a}</option>
            ))}
          </select>
        </label>
        <label>
          {t("actorId")}
          <input value={draft.actorId ?? ""} onChange={(e) => setDraft({ ...draft, actorId: e.target.value.trim() })} placeholder={t("actorIdPlaceholder")} />
        </label>
        <label>
          {t("resourceId")}
          <input value={draft.resourceId ?? ""} onChange={(e) => setDraft({ ...draft, resourceId: e.target.value.trim() })} placeholder={t("resourceIdPlaceholder")} />
        </label>
        <label>
          {t("from")}
          <input type="date" value={draft.from ?? ""} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
        </label>
        <label>
          {t("until")}
          <input type="date" value={draft.to ?? ""} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        </label>
        <div className="admin-actions">
          <button type="submit" className="button button-small">{t("filter")}</button>
          <button type="button" className="link-button" onClick={() => { setDraft({}); setFilters({}); }}>{t("clear")}</button>
        </div>
      </form>
      {draft.actorId && !UUID.test(draft.actorId) && <p className="field-error">{t("actorIdInvalid")}</p>}
      {q.error && <p className="error">{errorMessage(q.error)}</p>}
      {masked && <p className="muted" data-testid="contact-masked">{t("contactMasked")}</p>}
      {!q.data && !q.error && <p>{t("loading")}</p>}
      {q.data && items.length === 0 && <p className="empty">{t("empty")}</p>}
      <ul className="audit-list" data-testid="audit-log">
        {items.map((a) => (
          <li key={a.id} className="card audit-item" data-action={a.action}>
            <div className="row">
              <strong>{a.action}</strong>
              <span className={`status ${a.status === "failure" ? "status-failed" : "status-sent"}`}>{a.status === "failure" ? t("failure") : t("success")}</span>
            </div>
            {a.description && <p className="audit-description">{a.description}</p>}
            <p className="muted">
              {format.dateTime(new Date(a.created_at), "dateTime")} ·{" "}
              {a.actor_id ? (
                <button type="button" className="link-button" onClick={() => { const f = { ...filters, actorId: a.actor_id! }; setDraft(f); setFilters(f); }}>
                  {a.actor_name ?? a.actor_phone} ({a.actor_role})
                </button>
              ) : (
                t("system")
              )}
              {a.resource_type && (
                <>
                  {" · "}
                  {/* A masked id (a failed sign-in's phone) matches nothing: it is shown, not offered as a filter. */}
                  {a.resource_id?.includes("•") ? (
                    `${a.resource_type} ${a.resource_id}`
                  ) : (
                    <button type="button" className="link-button" onClick={() => { const f = { ...filters, resourceId: a.resource_id! }; setDraft(f); setFilters(f); }}>
                      {a.resource_type} {a.resource_id?.slice(0, 8)}
                    </button>
                  )}
                </>
              )}
              {a.ip && ` · ${a.ip}`}
              {a.user_agent && ` · ${a.user_agent}`}
              {a.event_id && ` · ${t("event", { id: a.event_id.slice(0, 8) })}`}
            </p>
            <details>
              <summary>{t("metadata")}</summary>
              {/* Wide metadata scrolls sideways: the region is focusable and named, so a keyboard can scroll it. */}
              <pre className="audit-metadata" role="region" tabIndex={0} aria-label={t("metadataOf", { action: a.action })}>
                {JSON.stringify(a.metadata, null, 2)}
              </pre>
            </details>
          </li>
        ))}
      </ul>
      {q.hasNextPage && (
        <button type="button" className="button button-quiet" onClick={() => void q.fetchNextPage()} disabled={q.isFetchingNextPage}>
          {q.isFetchingNextPage ? t("loading") : t("older")}
        </button>
      )}
    </>
  );
}
