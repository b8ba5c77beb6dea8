import "./load-env";
import { parseArgs } from "node:util";
import { issueOpen311Key } from "@/server/domain/open311/api-keys";
import { issueKeyInput } from "@/server/domain/open311/open311.schemas";
import { runWithDatabase } from "./with-database";

const USAGE = "Usage: npm run open311:key -- <client name> [--per-hour N]";

/**
 * Issues an Open311 API key from the command line, as the dashboard does (ADR 0021):
 *   npm run open311:key -- "FixMyCity app"
 *   npm run open311:key -- City CRM --per-hour 5000
 * The key is printed once; only its hash is stored. The key's row and its audit row commit together.
 */
function parse(argv: string[]) {
  try {
    const { values, positionals } = parseArgs({ args: argv.filter((a) => a !== "--"), options: { "per-hour": { type: "string" } }, allowPositionals: true });
    const parsed = issueKeyInput.safeParse({ name: positionals.join(" "), requestsPerHour: values["per-hour"] === undefined ? undefined : Number(values["per-hour"]) });
    if (!parsed.success) {
      console.error(parsed.error.issues[0]!.message);
      return null;
    }
    return parsed.data;
  } catch {
    return null;
  }
}

const input = parse(process.argv.slice(2));
if (!input) {
  console.error(USAGE);
  process.exit(2);
}
await runWithDatabase("open311:key", async (database) => {
  const issued = await issueOpen311Key(database, { id: null, via: "cli" }, input);
  console.log(`Open311 key for ${issued.name} (${issued.requests_per_hour} requests an hour), shown only now:`);
  console.log(issued.key);
});
