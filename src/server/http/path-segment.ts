/**
 * A dynamic route segment as the client typed it: decoded, or left as it came when its escape is
 * malformed, so the route's own id check refuses it as bad input rather than the decoder failing.
 */
export function decodedSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
