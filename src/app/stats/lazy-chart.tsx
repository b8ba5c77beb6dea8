"use client";

import dynamic from "next/dynamic";
import type { ChartSpec } from "./stats-chart";

const StatsChart = dynamic(() => import("./stats-chart"), { ssr: false });

/** The chart's box is sized before chart.js arrives, so nothing shifts when it draws. */
export function LazyChart({ spec }: { spec: ChartSpec }) {
  return (
    <div className="chart-box">
      <StatsChart spec={spec} />
    </div>
  );
}
