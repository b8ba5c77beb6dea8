"use client";

import { useState } from "react";
import { formatDate } from "@/components/report-badges";
import { trpc, useErrorMessage } from "@/lib/trpc";
import { useLabels } from "@/lib/labels";
import { AccountStatus } from "./account-status";
import { RoleChange } from "./role-change";

export function UserAdmin({ selfId }: { selfId: string }) {
  const { ACCOUNT_STATUS_LABELS, labelOf } = useLabels();
  const errorMessage = useErrorMessage();
  const [draft, setDraft] = useState("");
  const [query, setQuery] = useState("");
  const users = trpc.admin.users.useQuery({ query: query || undefined, limit: 50 });

  return (
    <>
      <form className="card admin-search" onSubmit={(e) => { e.preventDefault(); setQuery(draft.trim()); }}>
        <label htmlFor="user-q">Search by name, email or phone digits</label>
        <div className="admin-inline-row">
          <input id="user-q" value={draft} onChange={(e) => setDraft(e.target.value)} placeholder="e.g. Kavya or 43210" />
          <button type="submit" className="button button-small">Search</button>
        </div>
      </form>
      {users.error && <p className="error">{errorMessage(users.error)}</p>}
      {!users.data && !users.error && <p>Loading…</p>}
      {users.data && users.data.length === 0 && <p className="empty">No users match.</p>}
      <ul className="report-list" data-testid="users">
        {users.data?.map((u) => (
          <li key={u.id} className="card user-item">
            <div className="row">
              <div>
                <strong>{u.name ?? "(no name)"}</strong> <span className="muted">{u.phone}</span>
                {u.email && <span className="muted"> · {u.email}{u.emailVerified ? " ✓" : ""}</span>}
                <p className="muted">
                  reputation {u.reputation} · {u.login_count} sign-ins{u.last_login_at ? `, last ${formatDate(u.last_login_at)}` : ""} · joined {formatDate(u.created_at)}
                  {u.status !== "active" && ` · ${labelOf(ACCOUNT_STATUS_LABELS, u.status)}`}
                </p>
              </div>
              <RoleChange user={u} self={u.id === selfId} />
              <AccountStatus user={u} self={u.id === selfId} />
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
