/**
 * Admission control for the production server's API (ADR 0012): a request that would only queue
 * behind others is refused at once with a 503 and Retry-After, instead of waiting seconds for a
 * database connection and then failing anyway (or timing out at the client). Pure: the server
 * passes in what it measures.
 */

/** What admission looks at when a request arrives. */
export interface Load {
  /** API requests this process has admitted and not yet answered. */
  inFlight: number;
  /** Queries waiting for a connection of the request pool; null without a pool (PGlite). */
  poolWaiting: number | null;
}

export interface AdmissionLimits {
  maxInFlight: number;
  maxPoolWaiting: number;
}

export type Refusal = "in-flight" | "pool-queue";

/**
 * Limits for a request pool of `poolMax` connections. A queue of five waiters per connection is
 * a few query times of wait on a healthy database, and still admits a closed-loop client with as
 * many connections as the bench's; past it the queue only grows. Ten requests in flight per
 * connection caps the work a process takes on when the time goes elsewhere (CPU, not the pool).
 */
export function admissionLimits(poolMax: number): AdmissionLimits {
  return { maxInFlight: poolMax * 10, maxPoolWaiting: poolMax * 5 };
}

/** Null to admit the request, or why it is refused. */
export function admit(load: Load, limits: AdmissionLimits): Refusal | null {
  if (load.inFlight >= limits.maxInFlight) return "in-flight";
  if (load.poolWaiting !== null && load.poolWaiting >= limits.maxPoolWaiting) return "pool-queue";
  return null;
}

/** Counts the requests admitted and not yet answered; `enter` admits one (counting it) or says why not. */
export function createAdmission(limits: AdmissionLimits, poolWaiting: () => number | null) {
  let inFlight = 0;
  return {
    enter(): Refusal | null {
      const refusal = admit({ inFlight, poolWaiting: poolWaiting() }, limits);
      if (refusal === null) inFlight++;
      return refusal;
    },
    leave() {
      inFlight--;
    },
    get inFlight() {
      return inFlight;
    },
  };
}
