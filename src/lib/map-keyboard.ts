/** Placing a report's pin by keyboard (src/components/location-map.tsx): keys to pixel steps, and rounding. */
export type Point = { latitude: number; longitude: number };

const STEPS: Record<string, [number, number]> = { ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0] };

/** How far (in screen pixels) one key press moves the pin, or null for a key that does not move it. */
export function pinStep(key: string, far: boolean): { dx: number; dy: number } | null {
  const dir = STEPS[key];
  if (!dir) return null;
  const px = far ? 50 : 10;
  return { dx: dir[0] * px, dy: dir[1] * px };
}

/** Six decimals (about 0.1 m), as the form and the API keep them. */
export function roundPoint(p: Point): Point {
  return { latitude: Number(p.latitude.toFixed(6)), longitude: Number(p.longitude.toFixed(6)) };
}
