/**
 * Where the machine's CPU went during a run, from /proc: the whole machine's busy time, and the
 * bench's own processes (server, Inngest stand-in, this load generator, the bench's PostgreSQL
 * cluster). What is left was other work on a shared machine, which the figures must be read with.
 */
import { readFile } from "node:fs/promises";
import { serverCpuSeconds } from "./server";

const TICKS_PER_SECOND = 100;

/** Busy CPU seconds of the whole machine since boot, summed over every CPU (user, nice, system, irq, softirq). */
async function machineBusySeconds(): Promise<number> {
  const line = (await readFile("/proc/stat", "utf8")).split("\n")[0]!;
  const [, ...fields] = line.trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq] = fields.map(Number);
  return (user! + nice! + system! + irq! + softirq!) / TICKS_PER_SECOND;
}

async function statFields(pid: number): Promise<string[] | null> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => null);
  return stat ? stat.slice(stat.lastIndexOf(")") + 2).split(" ") : null;
}

/**
 * CPU seconds of one PostgreSQL cluster: its postmaster (with its reaped children, so backends that
 * ended count) plus its live children. Read from the cluster's pid file.
 */
async function clusterCpuSeconds(pidFile: string): Promise<{ postmaster: number; seconds: number }> {
  const postmaster = Number((await readFile(pidFile, "utf8").catch(() => "")).split("\n")[0]);
  if (!postmaster) return { postmaster: 0, seconds: 0 };
  const { readdir } = await import("node:fs/promises");
  let ticks = 0;
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const f = await statFields(pid);
    // Fields of stat(5) counted after the name: ppid is [1], utime [11], stime [12], cutime [13], cstime [14].
    if (!f) continue;
    if (pid === postmaster) ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    else if (Number(f[1]) === postmaster) ticks += Number(f[11]) + Number(f[12]);
  }
  return { postmaster, seconds: ticks / TICKS_PER_SECOND };
}

export interface CpuSplit {
  wallSeconds: number;
  machineBusy: number;
  server: number;
  standin: number;
  loadGenerator: number;
  /** Null when PostgreSQL restarted during the run: the old postmaster's count went with it. */
  postgres: number | null;
  /** Busy time not spent by any of the above: other people's work on the machine. */
  others: number | null;
}

export interface CpuMeter {
  /** CPU seconds used since the meter started, by whom. */
  since(): Promise<CpuSplit>;
}

/** `standinCpu` is the CPU seconds every stand-in process of the run has used so far (one is restarted in the drain). */
export async function startCpuMeter(pids: { server: number; postgresPidFile: string | null }, standinCpu: () => Promise<number>): Promise<CpuMeter> {
  const read = async () => {
    const self = process.cpuUsage();
    return {
      at: performance.now(),
      machine: await machineBusySeconds(),
      server: await serverCpuSeconds(pids.server),
      standin: await standinCpu(),
      self: (self.user + self.system) / 1e6,
      postgres: pids.postgresPidFile ? await clusterCpuSeconds(pids.postgresPidFile) : { postmaster: 0, seconds: 0 },
    };
  };
  const start = await read();
  return {
    async since() {
      const now = await read();
      const round = (x: number) => Math.round(x * 10) / 10;
      const used = {
        server: now.server - start.server,
        standin: now.standin - start.standin,
        loadGenerator: now.self - start.self,
      };
      const postgres = now.postgres.postmaster === start.postgres.postmaster ? now.postgres.seconds - start.postgres.seconds : null;
      const machineBusy = now.machine - start.machine;
      return {
        wallSeconds: round((now.at - start.at) / 1000),
        machineBusy: round(machineBusy),
        server: round(used.server),
        standin: round(used.standin),
        loadGenerator: round(used.loadGenerator),
        postgres: postgres === null ? null : round(postgres),
        others: postgres === null ? null : round(machineBusy - used.server - used.standin - used.loadGenerator - postgres),
      };
    },
  };
}
