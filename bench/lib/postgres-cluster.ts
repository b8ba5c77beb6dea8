/**
 * The Debian PostgreSQL cluster serving a URL, and its restart as an operator runs it
 * (`pg_ctlcluster <version> <cluster> restart`, as root), for `npm run bench:reliability` and the
 * fault suite's restart. Every database on that cluster goes down with it: give the bench a cluster
 * of its own when others use the machine's (docs/RELIABILITY.md).
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface Cluster {
  version: string;
  name: string;
}

export async function clusterServing(databaseUrl: string): Promise<Cluster> {
  const url = new URL(databaseUrl);
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(url.hostname)) throw new Error(`PostgreSQL at ${url.host} is not on this machine: a restart needs a local cluster`);
  const port = url.port || "5432";
  const { stdout } = await run("pg_lsclusters", ["-h"]).catch((err: Error) => {
    throw new Error(`Restarting PostgreSQL needs Debian's pg_lsclusters and pg_ctlcluster: ${err.message}`);
  });
  const cols = stdout
    .split("\n")
    .map((l) => l.trim().split(/\s+/))
    .find((c) => c[2] === port);
  if (!cols) throw new Error(`No PostgreSQL cluster listens on port ${port} here (pg_lsclusters):\n${stdout}`);
  return { version: cols[0]!, name: cols[1]! };
}

/** Restarts the cluster (a fast shutdown: open connections are dropped) and resolves once pg_ctlcluster returns. */
export async function restartCluster(cluster: Cluster): Promise<void> {
  await run("pg_ctlcluster", [cluster.version, cluster.name, "restart"], { timeout: 120_000 });
}
