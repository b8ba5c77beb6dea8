"use client";

import { useFormatter, useTranslations } from "next-intl";
import { trpc, useErrorMessage } from "@/lib/trpc";
import { useRunStatusLabel } from "@/lib/run-status";

/** Rates, durations and ages as staff read them, in the page's language: the detail is kept. */
function useFigures() {
  const tUnit = useTranslations("AdminFigures");
  const format = useFormatter();
  const oneDecimal = { minimumFractionDigits: 1, maximumFractionDigits: 1 };
  return {
    pct: (x: number) => {
      const digits = x > 0 && x < 0.1 ? 1 : 0;
      return format.number(x, { style: "percent", minimumFractionDigits: digits, maximumFractionDigits: digits });
    },
    ms: (x: number | null) => (x === null ? "—" : x >= 1000 ? tUnit("seconds", { value: format.number(x / 1000, oneDecimal) }) : tUnit("milliseconds", { value: x })),
    age: (seconds: number | null) => {
      if (seconds === null) return "—";
      if (seconds < 120) return tUnit("seconds", { value: seconds });
      if (seconds < 7200) return tUnit("minutes", { value: Math.round(seconds / 60) });
      return tUnit("hours", { value: Math.round(seconds / 3600) });
    },
    date: (d: Date | string) => format.dateTime(new Date(d), "dateTime"),
  };
}

function RunLink({ url, runId }: { url: string | null; runId: string }) {
  const short = runId.length > 12 ? `${runId.slice(0, 10)}…` : runId;
  return url ? <a href={url} target="_blank" rel="noreferrer" title={runId}>{short}</a> : <code title={runId}>{short}</code>;
}

export function TaskMonitor({ isAdmin }: { isAdmin: boolean }) {
  const t = useTranslations("AdminTasks");
  const errorMessage = useErrorMessage();
  const { pct, ms, age, date } = useFigures();
  const runStatus = useRunStatusLabel();
  const deadLetterStatuses: Record<string, string> = { open: t("deadLetterOpen"), resent: t("deadLetterResent"), dismissed: t("deadLetterDismissed") };
  const deadLetterStatus = (status: string) => deadLetterStatuses[status] ?? status;
  // The monitor is watched while things go wrong: refresh every 5 s, also in a background tab.
  const q = trpc.admin.tasks.useQuery(undefined, { refetchInterval: 5_000, refetchIntervalInBackground: true });
  const utils = trpc.useUtils();
  const resend = trpc.admin.resendDeadLetter.useMutation({ onSuccess: () => utils.admin.tasks.invalidate() });

  if (q.error && !q.data) return <p className="error">{errorMessage(q.error)}</p>;
  const tasks = q.data;
  if (!tasks) return <p>{t("loading")}</p>;
  const o = tasks.outbox;

  return (
    <div className="task-monitor">
      <p className="muted">
        {t("updated", { date: date(tasks.generatedAt) })}
        {tasks.inngestUiUrl ? (
          <> · <a href={tasks.inngestUiUrl} target="_blank" rel="noreferrer">{t("openInngest")}</a></>
        ) : (
          ` · ${t("setInngestUrl")}`
        )}
        {q.error && <span className="error-text"> · {t("refreshFailed", { error: errorMessage(q.error) })}</span>}
      </p>
      {tasks.contactMasked && <p className="muted" data-testid="contact-masked">{t("contactMasked")}</p>}

      <div className={`card outbox-card${o.warning ? " outbox-warning" : ""}`} data-testid="outbox-card">
        <h2>{t("outbox")}</h2>
        {o.warning && (
          <p className="notice" role="alert" data-testid="outbox-warning">
            {t("outboxWarning")}
          </p>
        )}
        <dl className="stats">
          <div><dt>{t("pending")}</dt><dd data-testid="outbox-pending">{o.pending}</dd></div>
          <div><dt>{t("oldestPending")}</dt><dd>{age(o.oldestPendingAgeSeconds)}</dd></div>
          <div><dt>{t("failingSends")}</dt><dd>{o.failing}</dd></div>
          <div><dt>{t("lastSent")}</dt><dd>{o.lastSentAt ? date(o.lastSentAt) : t("never")}</dd></div>
        </dl>
        {o.lastError && <p className="error-text">{t("lastErrorIs", { error: o.lastError })}</p>}
      </div>

      <div className="card">
        <h2>{t("functions")}</h2>
        {tasks.functions.length === 0 ? (
          <p className="empty">{t("noRunsDay")}</p>
        ) : (
          // A labelled, focusable scroll region: on a phone the table scrolls sideways by keyboard too.
          <div className="table-scroll" role="region" aria-labelledby="function-stats-caption" tabIndex={0}>
            <table className="admin-table" data-testid="function-stats">
              <caption id="function-stats-caption">{t("statsCaption")}</caption>
              <thead>
                <tr>
                  <th scope="col" rowSpan={2}>{t("function")}</th>
                  <th scope="colgroup" colSpan={4}>{t("lastHour")}</th>
                  <th scope="colgroup" colSpan={4}>{t("lastDay")}</th>
                  <th scope="col" rowSpan={2}>{t("lastError")}</th>
                </tr>
                <tr>
                  <th scope="col">{t("runs")}</th><th scope="col">{t("failed")}</th><th scope="col">p50</th><th scope="col">p95</th>
                  <th scope="col">{t("runs")}</th><th scope="col">{t("failed")}</th><th scope="col">p50</th><th scope="col">p95</th>
                </tr>
              </thead>
              <tbody>
                {tasks.functions.map((f) => (
                  <tr key={f.functionId} data-function={f.functionId}>
                    <th scope="row">{f.functionId}</th>
                    <td>{f.hour.runs}</td>
                    <td className={f.hour.failures ? "error-text" : ""}>{f.hour.failures} ({pct(f.hour.failureRate)})</td>
                    <td>{ms(f.hour.p50Ms)}</td>
                    <td>{ms(f.hour.p95Ms)}</td>
                    <td>{f.day.runs}</td>
                    <td className={f.day.failures ? "error-text" : ""}>{f.day.failures} ({pct(f.day.failureRate)})</td>
                    <td>{ms(f.day.p50Ms)}</td>
                    <td>{ms(f.day.p95Ms)}</td>
                    <td className="error-text">{f.lastError ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>

      <div className="card">
        <h2>{t("deadLetters")}</h2>
        {tasks.deadLetters.length === 0 ? (
          <p className="empty">{t("noDeadLetters")}</p>
        ) : (
          <ul className="dead-letters" data-testid="dead-letters">
            {tasks.deadLetters.map((d) => (
              <li key={d.id} data-status={d.status}>
                <div className="row">
                  <strong>{d.functionId}</strong>
                  <span className={`status ${d.status === "open" ? "status-failed" : "status-sent"}`}>{deadLetterStatus(d.status)}</span>
                </div>
                <p className="error-text">{d.error}</p>
                <p className="muted">
                  {d.eventName} · {t("failedAt", { date: date(d.createdAt) })} · {t("run")} <RunLink url={d.url} runId={d.runId} />
                  {d.resentAt &&
                    ` · ${
                      d.resentByName
                        ? t("resentBy", { date: date(d.resentAt), name: d.resentByName, event: d.resentEventId?.slice(0, 8) ?? "" })
                        : t("resent", { date: date(d.resentAt), event: d.resentEventId?.slice(0, 8) ?? "" })
                    }`}
                </p>
                <details>
                  <summary>{t("event")}</summary>
                  <pre className="audit-metadata" role="region" tabIndex={0} aria-label={t("eventOf", { event: d.eventName })}>
                    {JSON.stringify(d.eventData, null, 2)}
                  </pre>
                </details>
                {isAdmin && d.status === "open" && (
                  <button type="button" className="button button-small" disabled={resend.isPending} onClick={() => resend.mutate({ id: d.id })}>
                    {t("resend")}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
        {resend.error && <p className="error">{errorMessage(resend.error)}</p>}
      </div>

      <div className="card">
        <h2>{t("recentRuns")}</h2>
        {tasks.recentRuns.length === 0 ? (
          <p className="empty">{t("noRuns")}</p>
        ) : (
          <ul className="runs" data-testid="recent-runs">
            {tasks.recentRuns.map((r) => (
              <li key={r.runId} data-function={r.functionId} data-status={r.status}>
                <span>{r.functionId}</span>
                <span className={`status run-${r.status}`}>{runStatus(r.status)}</span>
                <span className="muted">{r.eventName} · {date(r.startedAt)} · {ms(r.durationMs)}{r.attempt > 0 ? ` · ${t("attempt", { attempt: r.attempt + 1 })}` : ""}</span>
                <RunLink url={r.url} runId={r.runId} />
                {r.error && <span className="error-text">{r.error}</span>}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
