import "server-only";

/**
 * The live streams this process holds open, counted against LIVE_STREAMS_MAX. They are not API
 * requests in flight: the production server's admission (http/admission.ts) never sees them, so a
 * page left open does not take a place a request needs; this cap bounds them instead. On globalThis:
 * every route bundle and the production server count the same streams.
 */
export function createOpenStreams() {
  let open = 0;
  const byClient = new Map<string, number>();
  const closers = new Set<() => void>();
  return {
    /**
     * Takes a place under `max` for the process and, when `client` is given, under `perClient` for
     * that client (an account, or an address for visitors), so one caller cannot hold every place.
     * Returns its release (idempotent), or null when either is full.
     */
    take(max: number, client?: { key: string; max: number }): (() => void) | null {
      if (open >= max) return null;
      if (client && (byClient.get(client.key) ?? 0) >= client.max) return null;
      open++;
      if (client) byClient.set(client.key, (byClient.get(client.key) ?? 0) + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        open--;
        if (!client) return;
        const left = (byClient.get(client.key) ?? 1) - 1;
        if (left > 0) byClient.set(client.key, left);
        else byClient.delete(client.key);
      };
    },
    get open() {
      return open;
    },
    /** Streams `key` holds open now. */
    openFor(key: string): number {
      return byClient.get(key) ?? 0;
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
