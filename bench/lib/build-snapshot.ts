/**
 * A private copy of the production build for a long run. The checkout's .next is shared: another
 * `npm run build` while a server runs from it replaces the route bundles that server loads on
 * demand, mid-run. The copy holds what `node .next/civiclens/server.cjs` reads (the build without
 * its caches, the config, public/) and links node_modules back to the checkout.
 *
 * No lock is taken: a build in progress is seen (no BUILD_ID yet, or the custom server older than
 * it) and waited for, and one that started during the copy changes BUILD_ID's time; a build cannot
 * start and finish within the copy.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

const SKIPPED = new Set(["cache", "dev", "types", "diagnostics", "trace", "trace-build", "lock"]);

export interface BuildSnapshot {
  dir: string;
  buildId: string;
  /** When the custom server (the build's last step) was written. */
  builtAt: Date;
  remove(): void;
}

function buildState(root: string) {
  const id = join(root, ".next", "BUILD_ID");
  const server = join(root, ".next", "civiclens", "server.cjs");
  if (!existsSync(id) || !existsSync(server)) return null;
  const idTime = statSync(id).mtimeMs;
  const serverTime = statSync(server).mtimeMs;
  // `npm run build` writes the custom server after next build: an older one means a build is under way.
  if (serverTime < idTime) return null;
  return { buildId: readFileSync(id, "utf8").trim(), idTime, serverTime };
}

const WAIT_FOR_BUILD_MS = 5 * 60_000;

/** Copies the checkout's build; while a build is under way (another engineer's), waits up to five minutes for it. */
export async function snapshotBuild(root = process.cwd()): Promise<BuildSnapshot> {
  let before = buildState(root);
  for (const deadline = Date.now() + WAIT_FOR_BUILD_MS; !before && Date.now() < deadline; before = buildState(root)) {
    if (deadline - Date.now() > WAIT_FOR_BUILD_MS - 2_000) console.log("No complete production build in .next yet (a build under way?): waiting for one.");
    await new Promise((r) => setTimeout(r, 2_000));
  }
  if (!before) throw new Error("No complete production build in .next (none, or a build still under way): run `npm run build` first.");
  const dir = mkdtempSync(join(tmpdir(), "civiclens-reliability-build-"));
  try {
    cpSync(join(root, ".next"), join(dir, ".next"), {
      recursive: true,
      verbatimSymlinks: true,
      // Top-level entries only: a nested folder may share a name.
      filter: (src) => !SKIPPED.has(relative(join(root, ".next"), src)),
    });
    for (const file of ["package.json", "next.config.ts", "tsconfig.json"]) cpSync(join(root, file), join(dir, file));
    cpSync(join(root, "public"), join(dir, "public"), { recursive: true });
    symlinkSync(join(root, "node_modules"), join(dir, "node_modules"));
    const after = buildState(root);
    if (!after || after.buildId !== before.buildId || after.idTime !== before.idTime || after.serverTime !== before.serverTime) {
      throw new Error("The production build changed while it was being copied (another `npm run build`); run again.");
    }
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return { dir, buildId: before.buildId, builtAt: new Date(before.serverTime), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
