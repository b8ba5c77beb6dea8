/**
 * A log line as a person reads it in a terminal (development and tests): the time, the level, the
 * message, then the other fields as key=value, and an error's stack on the lines after.
 */
const SEVERE = new Set(["error", "fatal"]);

export interface PrettyLine {
  text: string;
  /** error or fatal: what tests show on console.error and development on stderr. */
  severe: boolean;
}

export function prettyLine(json: string): PrettyLine {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return { text: json.trimEnd(), severe: false };
  }
  const { time, level, msg, err, pid: _pid, hostname: _hostname, ...fields } = entry;
  const clock = typeof time === "string" ? time.slice(11, 23) : "";
  const label = String(level ?? "");
  const extras = Object.entries(fields).map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`);
  const stack = err && typeof err === "object" ? `\n${(err as { stack?: string }).stack ?? JSON.stringify(err)}` : "";
  return { text: `${clock} ${label.toUpperCase().padEnd(5)} ${String(msg ?? "")}${extras.length ? ` ${extras.join(" ")}` : ""}${stack}`, severe: SEVERE.has(label) };
}
