"use client";

import { formatDate } from "@/components/report-badges";
import { trpc, useErrorMessage } from "@/lib/trpc";

const pct = (x: number) => `${(x * 100).toFixed(x > 0 && x < 0.1 ? 1 : 0)}%`;
const ms = (x: number | null) => (x === null ? "—" : x >= 1000 ? `${(x / 1000).toFixed(1)} s` : `${x} ms`);
function age(seconds: number | null) {
  if (seconds === null) return "—";
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}

function RunLink({ url, runId }: { url: string | null; runId: string }) {
  const short = runId.length > 12 ? `${runId.slice(0, 10)}…` : runId;
  return url ? <a href={url} target="_blank" rel="noreferrer" title={runId}>{short}</a> : <code title={runId}>{short}</code>;
}

export function TaskMonitor({ isAdmin }: { isAdmin: boolean }) {
  const errorMessage = useErrorMessage();
  // The monitor is watched while things go wrong: refresh every 5 s, also in a background tab.
  const q = trpc.admin.tasks.useQuery(undefined, { refetchInterval: 5_000, refetchIntervalInBackground: true });
  const utils = trpc.useUtils();
  const resend = trpc.admin.resendDeadLetter.useMutation({ onSuccess: () => utils.admin.tasks.invalidate() });

  if (q.error && !q.data) return <p className="error">{errorMessage(q.error)}</p>;
  const t = q.data;
  if (!t) return <p>Loading…</p>;
  const o = t.outbox;

  return (
    <div className="task-monitor">
      <p className="muted">
        Updated {formatDate(t.generatedAt)} · refreshes every 5 s
        {t.inngestUiUrl ? (
          <> · <a href={t.inngestUiUrl} target="_blank" rel="noreferrer">Open the Inngest UI</a></>
        ) : (
          " · set INNGEST_UI_URL to link runs to the Inngest UI"
        )}
        {q.error && <span className="error-text"> · last refresh failed: {errorMessage(q.error)}</span>}
      </p>
      {t.contactMasked && <p className="muted" data-testid="contact-masked">Phone numbers and emails of recipients in events and errors are masked; admins see them in full.</p>}

      <div className={`card outbox-card${o.warning ? " outbox-warning" : ""}`} data-testid="outbox-card">
        <h2>Event outbox</h2>
        {o.warning && (
          <p className="notice" role="alert" data-testid="outbox-warning">
            Events have been waiting more than 2 minutes: Inngest is unreachable or rejecting them. They are safe in the outbox and will be sent when it recovers.
          </p>
        )}
        <dl className="stats">
          <div><dt>Pending</dt><dd data-testid="outbox-pending">{o.pending}</dd></div>
          <div><dt>Oldest pending</dt><dd>{age(o.oldestPendingAgeSeconds)}</dd></div>
          <div><dt>Failing sends</dt><dd>{o.failing}</dd></div>
          <div><dt>Last sent</dt><dd>{o.lastSentAt ? formatDate(o.lastSentAt) : "never"}</dd></div>
        </dl>
        {o.lastError && <p className="error-text">Last error: {o.lastError}</p>}
      </div>

      <div className="card">
        <h2>Functions</h2>
        {t.functions.length === 0 ? (
          <p className="empty">No runs in the last day.</p>
        ) : (
          // A labelled, focusable scroll region: on a phone the table scrolls sideways by keyboard too.
          <div className="table-scroll" role="region" aria-labelledby="function-stats-caption" tabIndex={0}>
            <table className="admin-table" data-testid="function-stats">
              <caption id="function-stats-caption">Runs per function, last hour and last day</caption>
              <thead>
                <tr>
                  <th scope="col" rowSpan={2}>Function</th>
                  <th scope="colgroup" colSpan={4}>Last hour</th>
                  <th scope="colgroup" colSpan={4}>Last day</th>
                  <th scope="col" rowSpan={2}>Last error</th>
                </tr>
                <tr>
                  <th scope="col">Runs</th><th scope="col">Failed</th><th scope="col">p50</th><th scope="col">p95</th>
                  <th scope="col">Runs</th><th scope="col">Failed</th><th scope="col">p50</th><th scope="col">p95</th>
                </tr>
              </thead>
              <tbody>
                {t.functions.map((f) => (
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
        <h2>Dead letters</h2>
        {t.deadLetters.length === 0 ? (
          <p className="empty">No runs have failed for good.</p>
        ) : (
          <ul className="dead-letters" data-testid="dead-letters">
            {t.deadLetters.map((d) => (
              <li key={d.id} data-status={d.status}>
                <div className="row">
                  <strong>{d.functionId}</strong>
                  <span className={`status ${d.status === "open" ? "status-failed" : "status-sent"}`}>{d.status}</span>
                </div>
                <p className="error-text">{d.error}</p>
                <p className="muted">
                  {d.eventName} · failed {formatDate(d.createdAt)} · run <RunLink url={d.url} runId={d.runId} />
                  {d.resentAt && ` · re-sent ${formatDate(d.resentAt)}${d.resentByName ? ` by ${d.resentByName}` : ""} as ${d.resentEventId?.slice(0, 8)}`}
                </p>
                <details>
                  <summary>Event</summary>
                  <pre className="audit-metadata">{JSON.stringify(d.eventData, null, 2)}</pre>
                </details>
                {isAdmin && d.status === "open" && (
                  <button type="button" className="button button-small" disabled={resend.isPending} onClick={() => resend.mutate({ id: d.id })}>
                    Re-send event
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
        {resend.error && <p className="error">{errorMessage(resend.error)}</p>}
      </div>

      <div className="card">
        <h2>Recent runs</h2>
        {t.recentRuns.length === 0 ? (
          <p className="empty">No runs recorded yet.</p>
        ) : (
          <ul className="runs" data-testid="recent-runs">
            {t.recentRuns.map((r) => (
              <li key={r.runId} data-function={r.functionId} data-status={r.status}>
                <span>{r.functionId}</span>
                <span className={`status run-${r.status}`}>{r.status}</span>
                <span className="muted">{r.eventName} · {formatDate(r.startedAt)} · {ms(r.durationMs)}{r.attempt > 0 ? ` · attempt ${r.attempt + 1}` : ""}</span>
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
