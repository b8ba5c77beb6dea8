/**
 * Photos through the production server (bench/photos.ts --server): the upload route at a fixed
 * rate, and the server's memory while process-photo renders. Users, reports and session cookies are
 * the bench's own; photos go in a temporary directory (the local store).
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { signedInCitizens } from "./citizens";
import { BENCH_EVENT_KEY, BENCH_SIGNING_KEY, startStandinProcess, type StandinProcess } from "./inngest-standin-process";
import { reportBody } from "./report-load";
import { benchDatabase, eventSink, startProductionServer, type BenchDatabase, type RunningServer } from "./server";

const AUTH_SECRET = "bench-secret-bench-secret-bench-secret-0001";
const PHOTOS_PER_REPORT = 4;

export interface PhotoServer {
  url: string;
  server: RunningServer;
  databaseUrl: string;
  /** Files `count` reports of the bench's citizens (one each, round robin over `citizens` of them); their ids and owners' cookies. */
  reports(count: number, citizens: number): Promise<{ id: string; cookie: string }[]>;
  stop(): Promise<void>;
}

/**
 * Starts the production server on a fresh database. `runFunctions`: with the Inngest stand-in,
 * which runs process-photo on this server as Inngest would; without, a sink that takes the events
 * and runs nothing (the upload requests measured alone, as bench/run.ts measures requests).
 */
export async function startPhotoServer(port: number, database: BenchDatabase, runFunctions: boolean): Promise<PhotoServer> {
  const uploads = mkdtempSync(join(tmpdir(), "civiclens-bench-photos-"));
  const sink = runFunctions ? null : await eventSink();
  const standin: StandinProcess | null = runFunctions ? await startStandinProcess(0) : null;
  const url = `http://127.0.0.1:${port}`;
  const server = await startProductionServer(
    port,
    {
      ...database.env,
      NEXTAUTH_SECRET: AUTH_SECRET,
      NEXTAUTH_URL: url,
      APP_URL: url,
      OTP_SECRET: "bench-otp-secret-bench-otp-secret-bench-0002",
      INNGEST_ENCRYPTION_KEY: "bench-encryption-key-bench-encryption-0003",
      INNGEST_SIGNING_KEY: BENCH_SIGNING_KEY,
      INNGEST_EVENT_KEY: BENCH_EVENT_KEY,
      INNGEST_BASE_URL: (standin?.url ?? sink?.url)!,
      NEXT_TELEMETRY_DISABLED: "1",
      UPLOADS_DIR: uploads,
      // The product's limits stay on; raised so the bench measures the work, not the refusal.
      REPORTS_LIMIT_PER_USER: "100000000",
      PHOTOS_LIMIT_PER_USER: "100000000",
    },
    [],
    { logFile: `bench/out/photos-server-${runFunctions ? "process" : "accept"}.log` },
  );
  if (standin) await standin.register(`${url}/api/inngest`);
  const databaseUrl = database.env.DATABASE_URL!;
  return {
    url,
    server,
    databaseUrl,
    async reports(count, citizens) {
      const cookies = await signedInCitizens(databaseUrl, AUTH_SECRET, citizens);
      const filed: { id: string; cookie: string }[] = [];
      for (let i = 0; i < count; i++) {
        const cookie = cookies[i % cookies.length]!;
        const res = await fetch(`${url}/api/trpc/reports.create`, { method: "POST", headers: { "content-type": "application/json", cookie }, body: reportBody(i, randomUUID()) });
        const body = (await res.json()) as { result?: { data?: { json?: { id?: string } } } };
        const id = body.result?.data?.json?.id;
        if (!res.ok || !id) throw new Error(`reports.create answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
        filed.push({ id, cookie });
      }
      return filed;
    },
    async stop() {
      await server.stop();
      await standin?.close();
      await sink?.close();
      rmSync(uploads, { recursive: true, force: true });
    },
  };
}

/** POST /api/reports/{id}/photos with one photo, as the browser sends it; the status and the id it was given. */
export async function uploadPhoto(url: string, report: { id: string; cookie: string }, photo: Buffer): Promise<{ status: number; id?: string }> {
  const form = new FormData();
  form.append("photo", new Blob([new Uint8Array(photo)], { type: "image/jpeg" }), "IMG_0001.jpg");
  const res = await fetch(`${url}/api/reports/${report.id}/photos`, { method: "POST", headers: { cookie: report.cookie }, body: form });
  const body = (await res.json().catch(() => ({}))) as { id?: string };
  return { status: res.status, id: body.id };
}

/**
 * Uploads at `rate` a second for `seconds` (an open loop: upload i is due at start + i / rate and
 * goes then, answered or not; its time runs from when it was due), each to a report with room.
 * The latencies (ms) of the 2xx answers, and how many answered otherwise.
 */
export async function uploadsAtRate(url: string, reports: { id: string; cookie: string }[], photo: Buffer, rate: number, seconds: number, offset = 0) {
  const total = Math.round(rate * seconds);
  if (reports.length * PHOTOS_PER_REPORT < offset + total) throw new Error(`${total} uploads need ${Math.ceil((offset + total) / PHOTOS_PER_REPORT)} reports`);
  const ok: number[] = [];
  const failed: number[] = [];
  const start = performance.now();
  await Promise.all(
    Array.from({ length: total }, async (_, i) => {
      const due = start + (i * 1000) / rate;
      await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
      const { status } = await uploadPhoto(url, reports[Math.floor((offset + i) / PHOTOS_PER_REPORT)]!, photo).catch(() => ({ status: 0 }));
      (status >= 200 && status < 300 ? ok : failed).push(status >= 200 && status < 300 ? performance.now() - due : status);
    }),
  );
  return { ok, failed };
}

/** Resident memory now (VmRSS), in MiB, of the server process and its workers, from /proc. */
export async function rssMiB(pid: number): Promise<number> {
  const kb = async (p: number) => Number(/VmRSS:\s+(\d+) kB/.exec(await readFile(`/proc/${p}/status`, "utf8"))?.[1] ?? 0);
  const children = (await readFile(`/proc/${pid}/task/${pid}/children`, "utf8").catch(() => "")).split(/\s+/).filter(Boolean).map(Number);
  let total = await kb(pid);
  for (const c of children) total += await kb(c).catch(() => 0);
  return total / 1024;
}

/** How many of `ids` are in each state in report_photos. */
export async function photoStates(databaseUrl: string, ids: string[]): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ status: string; n: string }>("select status, count(*) n from report_photos where id = any($1) group by status", [ids]);
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  } finally {
    await client.end();
  }
}

export { benchDatabase };
