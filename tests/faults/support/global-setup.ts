import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { postgresUrl } from "./postgres";

/** Fails the run once, with what to do, when the suite's two prerequisites are missing. */
export default async function setup() {
  const url = postgresUrl();
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query("select 1");
  } catch (err) {
    throw new Error(`The fault suite cannot reach PostgreSQL at ${new URL(url).host} (PG_TEST_URL or DATABASE_URL): ${(err as Error).message}`);
  } finally {
    await client.end().catch(() => {});
  }
  const build = fileURLToPath(new URL("../../../.next/civiclens/server.cjs", import.meta.url));
  if (!existsSync(build)) throw new Error(`The fault suite runs the production build, and there is none at ${build}: run \`npm run build\` first.`);
}
