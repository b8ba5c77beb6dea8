import "server-only";

/** What a stream does with a change it heard: send `data` as a `changed` event, ignore it, or end (the viewer may no longer see it). */
export type Verdict = { send: Record<string, string> } | "skip" | "close";

export interface StreamTiming {
  /** A comment line this often, so proxies and load balancers keep an idle stream open. */
  heartbeatMs: number;
  /** Changes within this window after an event are sent as one, at its end. */
  coalesceMs: number;
  /** The stream ends after this long and the browser reconnects, so its session is checked again. */
  maxAgeMs: number;
  /** The `retry:` the browser waits before reconnecting. */
  retryMs: number;
}

export const STREAM_TIMING: StreamTiming = { heartbeatMs: 15_000, coalesceMs: 500, maxAgeMs: 5 * 60_000, retryMs: 3_000 };

export interface EventStreamOptions<C> {
  /** Aborted when the client goes away (the request's signal). */
  signal: AbortSignal;
  /** The client's Last-Event-ID: it saw events before and may have missed some while away. */
  lastEventId: string | null;
  /** Starts hearing changes; returns how to stop. */
  subscribe(onChange: (change: C) => void): Promise<() => void>;
  /** Whether this stream's viewer hears of `change`, and with what. */
  judge(change: C): Verdict | Promise<Verdict>;
  /** Called as the stream opens with the way to end it (a stopping server ends every stream). */
  onOpen?(close: () => void): void;
  /** Called once, when the stream has ended for whatever reason. */
  onClose?(): void;
  timing?: Partial<StreamTiming>;
}

const encoder = new TextEncoder();

/** One server-sent event; `data` is one JSON line. */
export function formatEvent(name: string, id: string, data: unknown): string {
  return `id: ${id}\nevent: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * A text/event-stream answer that sends `changed` whenever a change the stream's viewer may hear of
 * arrives (a few close together as one), a comment line as a heartbeat, and ends cleanly when the
 * client leaves, when `judge` says so, or at its maximum age; every end unsubscribes.
 */
export async function eventStreamResponse<C>(opts: EventStreamOptions<C>): Promise<Response> {
  const timing = { ...STREAM_TIMING, ...opts.timing };
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let closed = false;
  let unsubscribe: (() => void) | null = null;
  let windowTimer: NodeJS.Timeout | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  let maxAge: NodeJS.Timeout | undefined;
  let counter = 0;
  const nextId = () => `${Date.now().toString(36)}-${(counter++).toString(36)}`;

  const write = (text: string) => {
    if (closed) return;
    try {
      controller.enqueue(encoder.encode(text));
    } catch {
      close();
    }
  };
  const close = () => {
    if (closed) return;
    closed = true;
    clearTimeout(windowTimer);
    clearTimeout(maxAge);
    clearInterval(heartbeat);
    opts.signal.removeEventListener("abort", close);
    unsubscribe?.();
    unsubscribe = null;
    try {
      controller.close();
    } catch {
      // Already closed or cancelled by the reader.
    }
    opts.onClose?.();
  };

  // Coalescing: the first change is judged and sent at once; those arriving while one is being
  // judged or within the window after it wait and go out as one event.
  let pending: C | null = null;
  let busy = false;
  const deliver = async (change: C) => {
    busy = true;
    try {
      const verdict = await opts.judge(change);
      if (closed) return;
      if (verdict === "close") return close();
      if (verdict !== "skip") write(formatEvent("changed", nextId(), verdict.send));
    } catch {
      // The check failed (the database is away): say "changed" without detail, the page refetches
      // through its own checks.
      write(formatEvent("changed", nextId(), {}));
    }
    windowTimer = setTimeout(() => {
      busy = false;
      if (pending !== null && !closed) {
        const next = pending;
        pending = null;
        void deliver(next);
      }
    }, timing.coalesceMs);
  };
  const onChange = (change: C) => {
    if (closed) return;
    if (busy) pending = change;
    else void deliver(change);
  };

  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    cancel() {
      close();
    },
  });
  write(`retry: ${timing.retryMs}\n\n`);
  write(formatEvent("ready", nextId(), {}));
  // A reconnecting client may have missed changes while it was away: it refetches once.
  if (opts.lastEventId) write(formatEvent("changed", nextId(), {}));

  opts.onOpen?.(close);
  if (opts.signal.aborted) close();
  else opts.signal.addEventListener("abort", close);
  if (!closed) {
    const stop = await opts.subscribe(onChange);
    if (closed) stop();
    else unsubscribe = stop;
  }
  if (!closed) {
    heartbeat = setInterval(() => write(": heartbeat\n\n"), timing.heartbeatMs);
    maxAge = setTimeout(close, timing.maxAgeMs);
  }
  return new Response(body, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      // no-transform: no compression or proxy may buffer the stream.
      "cache-control": "private, no-cache, no-store, no-transform",
      "x-accel-buffering": "no",
    },
  });
}
