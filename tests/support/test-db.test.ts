import { describe, expect, it } from "vitest";
import { createTestDb } from "./test-db";

describe("createTestDb in the unit project", () => {
  it("refuses, naming the integration suffix, since no database template was built", async () => {
    await expect(createTestDb()).rejects.toThrow(/\.integration-test\.ts/);
  });
});
