/**
 * The most boundary text one dashboard call may carry: it has to fit in a tRPC request (the
 * endpoint refuses bigger bodies with 413 before anything parses them), so the form checks it
 * before sending. Bigger boundaries come in with `npm run bodies:import`.
 */
export const MAX_DASHBOARD_BOUNDARY_CHARS = 60_000;
