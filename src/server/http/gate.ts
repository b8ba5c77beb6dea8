/**
 * At most `max` tasks run at once; the rest wait their turn, oldest first. The production server
 * runs Inngest's calls through one (ADR 0012): a backlog draining then waits here, costing nothing,
 * instead of every call parsing, verifying and starting its step only to wait for one of the few
 * background connections while citizens' requests queue behind that work for the CPU.
 */
export function createGate(max: number) {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`a gate needs a whole number of places, at least 1 (got ${max})`);
  let running = 0;
  const waiting: Array<() => void> = [];

  const release = () => {
    const next = waiting.shift();
    if (next) next(); // the place passes straight to the next task
    else running--;
  };

  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (running < max) running++;
      else await new Promise<void>((resume) => waiting.push(resume));
      try {
        return await task();
      } finally {
        release();
      }
    },
    get running() {
      return running;
    },
    get waiting() {
      return waiting.length;
    },
  };
}
