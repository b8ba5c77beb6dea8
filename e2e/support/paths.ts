import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The project checkout the e2e harness runs commands in. */
export const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
/** Server logs, screenshots and what a failed test leaves for a person to read. */
export const ARTIFACTS = join(ROOT, "e2e", "artifacts");
