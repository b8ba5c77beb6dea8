"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { trpc, useErrorMessage } from "@/lib/trpc";
import { useLabels } from "@/lib/labels";
import { AccountStatus } from "./account-status";
import { ModeratorBodies } from "./moderator-bodies";
import { RoleChange } from "./role-change";

export function UserAdmin({ selfId }: { selfId: string }) {
  const t = useTranslations("AdminUsers");
  const { ACCOUNT_STATUS_LABELS, labelOf } = useLabels();
  const errorMessage = useErrorMessage();
  const format = useFormatter();
  const date = (d: Date | string) => format.dateTime(new Date(d), "dateTime");
  const [draft, setDraft] = useState("");
  const [query, setQuery] = useState("");
  const users = trpc.admin.users.useQuery({ query: query || undefined, limit: 50 });

  return (
    <>
      <form className="card admin-search" onSubmit={(e) => { e.preventDefault(); setQuery(draft.trim()); }}>
        <label htmlFor="user-q">{t("searchLabel")}</label>
        <div className="admin-inline-row">
          <input id="user-q" value={draft} onChange={(e) => setDraft(e.target.value)} placeholder={t("searchPlaceholder")} />
          <button type="submit" className="button button-small">{t("search")}</button>
        </div>
      </form>
      {users.error && <p className="error">{errorMessage(users.error)}</p>}
      {!users.data && !users.error && <p>{t("loading")}</p>}
      {users.data && users.data.length === 0 && <p className="empty">{t("empty")}</p>}
      <ul className="report-list" data-testid="users">
        {users.data?.map((u) => (
          <li key={u.id} className="card user-item">
            <div className="row">
              <div>
                <strong>{u.name ?? t("noName")}</strong> <span className="muted">{u.phone}</span>
                {u.email && <span className="muted"> · {u.email}{u.emailVerified ? " ✓" : ""}</span>}
                <p className="muted">
                  {u.last_login_at
                    ? t("summaryWithLastSignIn", { reputation: u.reputation, signIns: u.login_count, last: date(u.last_login_at), joined: date(u.created_at) })
                    : t("summary", { reputation: u.reputation, signIns: u.login_count, joined: date(u.created_at) })}
                  {u.status !== "active" && ` · ${labelOf(ACCOUNT_STATUS_LABELS, u.status)}`}
                </p>
              </div>
              <RoleChange user={u} self={u.id === selfId} />
              <AccountStatus user={u} self={u.id === selfId} />
              {u.role === "moderator" && <ModeratorBodies userId={u.id} />}
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
