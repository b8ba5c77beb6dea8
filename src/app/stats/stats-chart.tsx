"use client";

import { BarElement, CategoryScale, Chart as ChartJS, Legend, LinearScale, LineElement, PointElement, Tooltip } from "chart.js";
import { Bar, Line } from "react-chartjs-2";

ChartJS.register(CategoryScale, LinearScale, BarElement, LineElement, PointElement, Legend, Tooltip);

export interface ChartSpec {
  kind: "stacked-bar" | "bar" | "line";
  /** What a screen reader hears for the drawing; the table beside it holds the figures. */
  label: string;
  periods: string[];
  series: { name: string; values: (number | null)[] }[];
}

/** Colours told apart by people with the common kinds of colour blindness (Okabe–Ito, then darker shades). */
const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000", "#7A5195", "#2F4B7C", "#A05195", "#665191"];

/** One chart, drawn in the browser only (chart.js on a canvas): loaded with the stats page, never with the home page. */
export default function StatsChart({ spec }: { spec: ChartSpec }) {
  const datasets = spec.series.map((s, i) => ({
    label: s.name,
    data: s.values,
    backgroundColor: PALETTE[i % PALETTE.length],
    borderColor: PALETTE[i % PALETTE.length],
    spanGaps: true,
  }));
  const stacked = spec.kind === "stacked-bar";
  const options = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false as const,
    scales: { x: { stacked }, y: { stacked, beginAtZero: true } },
    plugins: { legend: { position: "bottom" as const } },
  };
  const common = { "aria-label": spec.label, role: "img" };
  return spec.kind === "line" ? (
    <Line {...common} data={{ labels: spec.periods, datasets }} options={options} />
  ) : (
    <Bar {...common} data={{ labels: spec.periods, datasets }} options={options} />
  );
}
