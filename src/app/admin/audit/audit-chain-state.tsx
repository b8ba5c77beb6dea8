"use client";

import { useFormatter, useTranslations } from "next-intl";
import { Fragment } from "react";
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
  const t = useTranslations("AdminAuditChain");
  const errorMessage = useErrorMessage();
  const format = useFormatter();
  const q = trpc.admin.auditChain.useQuery();
  const utils = trpc.useUtils();
  const check = trpc.admin.verifyAuditChain.useMutation({ onSuccess: (state) => utils.admin.auditChain.setData(undefined, state) });

  if (q.error && !q.data) return <p className="error">{errorMessage(q.error)}</p>;
  const state = q.data;
  if (!state) return <p>{t("loading")}</p>;
  const last = state.lastCheck;
  const result = last?.result;
  const when = (d: Date | string) => format.dateTime(new Date(d), "dateTime");
  const writtenSince = last ? state.head.seq - last.result.headSeq : 0;

  return (
    <div className="card" data-testid="audit-chain">
      <h2>
        {t("heading")}{" "}
        {result && (
          <span className={`status ${result.ok ? "status-sent" : "status-failed"}`} data-testid="audit-chain-status">
            {result.ok ? t("intact") : t("broken")}
          </span>
        )}
      </h2>
      {result && !result.ok && (
        <p className="notice" role="alert">
          {result.id
            ? t.rich("brokenAtRow", { seq: result.seq, reason: result.reason, detail: result.detail, id: result.id, code: (chunks) => <code>{chunks}</code> })
            : t("brokenAt", { seq: result.seq, reason: result.reason, detail: result.detail })}
        </p>
      )}
      <dl className="stats">
        <div><dt>{t("rowsVerified")}</dt><dd>{result ? result.rows : "—"}</dd></div>
        <div><dt>{t("headAtCheck")}</dt><dd>{result ? `#${result.headSeq}` : "—"}</dd></div>
        <div><dt>{t("headNow")}</dt><dd data-testid="audit-chain-head">#{state.head.seq}</dd></div>
        <div><dt>{t("writtenSince")}</dt><dd>{last ? writtenSince : "—"}</dd></div>
      </dl>
      <p className="muted">
        {last
          ? last.checkedBy
            ? t("checkedBy", { date: when(last.checkedAt), name: last.checkedBy.name ?? t("aStaffMember"), ms: last.durationMs })
            : t("checkedAutomatically", { date: when(last.checkedAt), ms: last.durationMs })
          : t("notVerified")}{" "}
        {t("headHash")} <code>{breakable(state.head.hash)}</code>
      </p>
      <button type="button" className="button button-small" onClick={() => check.mutate()} disabled={check.isPending}>
        {check.isPending ? t("checking") : last ? t("checkAgain") : t("checkNow")}
      </button>
      {check.error && <p className="error">{errorMessage(check.error)}</p>}
    </div>
  );
}
