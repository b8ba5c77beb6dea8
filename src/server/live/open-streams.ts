import "server-only";

/**
 * The live streams this process holds open, counted against LIVE_STREAMS_MAX. They are not API
 * requests in flight: the production server's admission (http/admission.ts) never sees them, so a
 * page left open does not take a place a request needs; this cap bounds them instead. On globalThis:
 * every route bundle and the production server count the same streams.
 */
export function createOpenStreams() {
  let open = 0;
  const closers = new Set<() => void>();
  return {
    /** Takes a place under `max`; returns its release (idempotent), or null when the process is full. */
    take(max: number): (() => void) | null {
      if (open >= max) return null;
      open++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        open--;
      };
    },
    get open() {
      return open;
    },
    /** Registers how to end a stream when the server stops; returns the unregistration. */
    onShutdown(close: () => void): () => void {
      closers.add(close);
      return () => closers.delete(close);
    },
    /** A stopping server ends every stream, so its connections close and it can exit. */
    closeAll() {
      for (const close of [...closers]) close();
    },
  };
}

const globalForStreams = globalThis as unknown as { civiclensOpenStreams?: ReturnType<typeof createOpenStreams> };

export function openStreams() {
  return (globalForStreams.civiclensOpenStreams ??= createOpenStreams());
}
