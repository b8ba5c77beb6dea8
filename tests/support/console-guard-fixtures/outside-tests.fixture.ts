import { beforeAll, it } from "vitest";

beforeAll(() => {
  console.error("[fixture] logged while setting up");
});

it("passes on its own", () => {});
