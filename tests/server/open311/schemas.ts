import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { expect } from "vitest";

const dir = join(__dirname, "../../fixtures/open311");
const load = (name: string) => JSON.parse(readFileSync(join(dir, `${name}.json`), "utf8")) as object;

/** The Open311 project's own schemas (tests/fixtures/open311), each under its file name so relative $refs resolve. */
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
for (const name of ["request", "requests", "service", "services", "service-definition"]) ajv.addSchema(load(name), `${name}.json`);

export type SchemaName = "request" | "requests" | "service" | "services" | "service-definition";

export function expectValid(schema: SchemaName, data: unknown) {
  const validate = ajv.getSchema(`${schema}.json`)!;
  const ok = validate(data);
  expect(validate.errors ?? [], `${schema}.json: ${ajv.errorsText(validate.errors)}`).toEqual([]);
  expect(ok).toBe(true);
}
