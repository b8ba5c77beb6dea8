import "server-only";

/**
 * The share of decided cases that met their target, as a whole percentage; null when none was decided
 * (a category with no report yet past its deadline or answered says nothing, rather than 0% or 100%).
 */
export function onTimePercent(met: number, decided: number): number | null {
  if (decided <= 0) return null;
  return Math.round((met / decided) * 100);
}

/** The q-th quantile (0..1) of the values by linear interpolation, as PostgreSQL's percentile_cont; null for none. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}
