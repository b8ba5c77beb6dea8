import { useEffect, useState } from "react";

/**
 * Seconds left before a button may be pressed again (resend a code, send another link), counting
 * down once a second: `start(30)`, then read `left` (0 when it may).
 */
export function useCountdown() {
  const [left, setLeft] = useState(0);
  useEffect(() => {
    if (left <= 0) return;
    const timer = setTimeout(() => setLeft((s) => s - 1), 1000);
    return () => clearTimeout(timer);
  }, [left]);
  return { left, start: (seconds: number) => setLeft(seconds) };
}
