"use client";

import { Fragment } from "react";
import { formatDate } from "@/components/report-badges";
import { trpc, useErrorMessage } from "@/lib/trpc";

/** A hash may wrap on a phone every 16 digits; a copied hash stays one word. */
function breakable(hash: string) {
  return hash.match(/.{1,16}/g)?.map((part, i) => (
    <Fragment key={i}>
      {i > 0 && <wbr />}
      {part}
    </Fragment>
  ));
}

/**
 * The audit chain's state (ADR 0011). The page shows the latest full verification as stored, with
 * its time, instead of walking the whole log on every view; "Check again" walks it now.
 */
export function AuditChainState() {
  const errorMessage = useErrorMessage();
  const q = trpc.admin.auditChain.useQuery();
  const utils = trpc.useUtils();
  const check = trpc.admin.verifyAuditChain.useMutation({ onSuccess: (state) => utils.admin.auditChain.setData(undefined, state) });

  if (q.error && !q.data) return <p className="error">{errorMessage(q.error)}</p>;
  const state = q.data;
  if (!state) return <p>Loading…</p>;
  const last = state.lastCheck;
  const result = last?.result;
  const writtenSince = last ? state.head.seq - last.result.headSeq : 0;

  return (
    <div className="card" data-testid="audit-chain">
      <h2>
        Audit chain{" "}
        {result && (
          <span className={`status ${result.ok ? "status-sent" : "status-failed"}`} data-testid="audit-chain-status">
            {result.ok ? "intact" : "broken"}
          </span>
        )}
      </h2>
      {result && !result.ok && (
        <p className="notice" role="alert">
          Broken at seq {result.seq}
          {result.id && <> (row <code>{result.id}</code>)</>}: {result.reason}, {result.detail}.
        </p>
      )}
      <dl className="stats">
        <div><dt>Rows verified</dt><dd>{result ? result.rows : "—"}</dd></div>
        <div><dt>Head at the check</dt><dd>{result ? `#${result.headSeq}` : "—"}</dd></div>
        <div><dt>Head now</dt><dd data-testid="audit-chain-head">#{state.head.seq}</dd></div>
        <div><dt>Written since</dt><dd>{last ? writtenSince : "—"}</dd></div>
      </dl>
      <p className="muted">
        {last
          ? `Checked ${formatDate(last.checkedAt)} ${last.checkedBy ? `by ${last.checkedBy.name ?? "a staff member"}` : "automatically (the nightly check or npm run audit:verify)"} in ${last.durationMs} ms.`
          : "Not verified yet."}{" "}
        Head hash: <code>{breakable(state.head.hash)}</code>
      </p>
      <button type="button" className="button button-small" onClick={() => check.mutate()} disabled={check.isPending}>
        {check.isPending ? "Checking…" : last ? "Check again" : "Check now"}
      </button>
      {check.error && <p className="error">{errorMessage(check.error)}</p>}
    </div>
  );
}
