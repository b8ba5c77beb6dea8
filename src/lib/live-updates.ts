/**
 * Live updates in the browser, without React: follow a server-sent event stream and call `onChange`
 * on each `changed` event; while the stream is down (refused, offline, a proxy that drops it, or no
 * EventSource at all) call it every `pollMs` instead, and reopen the stream with backoff. A stream
 * that comes back after a failure calls `onChange` once: changes may have been missed meanwhile.
 */
export interface LiveOptions {
  pollMs?: number;
  /** The first reopening waits this long, doubling up to `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Injected by tests; the browser's by default. */
  EventSource?: typeof EventSource;
}

export const LIVE_POLL_MS = 10_000;

export function watchLive(url: string, onChange: () => void, options: LiveOptions = {}): () => void {
  const pollMs = options.pollMs ?? LIVE_POLL_MS;
  const backoffMs = options.backoffMs ?? 1_000;
  const maxBackoffMs = options.maxBackoffMs ?? 60_000;
  const Source = options.EventSource ?? (typeof EventSource === "undefined" ? undefined : EventSource);
  let source: EventSource | null = null;
  let poll: ReturnType<typeof setInterval> | undefined;
  let reopen: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let missed = false;
  let stopped = false;

  const startPolling = () => {
    poll ??= setInterval(onChange, pollMs);
  };
  const stopPolling = () => {
    clearInterval(poll);
    poll = undefined;
  };

  const open = () => {
    if (stopped || !Source) return;
    const s = new Source(url);
    source = s;
    s.addEventListener("changed", () => onChange());
    s.onopen = () => {
      failures = 0;
      stopPolling();
      if (missed) onChange();
      missed = false;
    };
    s.onerror = () => {
      missed = true;
      startPolling();
      // CONNECTING: the browser reconnects by itself (after the server's retry:). CLOSED: it gave up
      // (a refusal such as 401, 404 or 503): reopen later ourselves.
      if (s.readyState !== Source.CLOSED) return;
      s.close();
      source = null;
      reopen = setTimeout(open, Math.min(maxBackoffMs, backoffMs * 2 ** failures++));
    };
  };

  if (Source) open();
  else startPolling();
  return () => {
    stopped = true;
    source?.close();
    source = null;
    clearTimeout(reopen);
    stopPolling();
  };
}
