/**
 * How late this process's event loop runs, from a timer that should fire every `everyMs`: the
 * lateness of its last tick, or half the previous figure when that is larger, so one slow tick
 * counts for a few ticks and a recovered loop reads near zero within a tenth of a second. Timers
 * run before the I/O of the same loop turn, so a request that arrives after a busy stretch is
 * admitted or refused on a figure that already includes it.
 */
export function watchEventLoopLag(everyMs = 10): { readonly lagMs: number; stop(): void } {
  let lag = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    lag = Math.max(now - last - everyMs, lag / 2);
    last = now;
  }, everyMs);
  timer.unref();
  return {
    get lagMs() {
      return lag;
    },
    stop: () => clearInterval(timer),
  };
}
