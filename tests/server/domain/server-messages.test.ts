import { describe, expect, it } from "vitest";
import { schemaMessage, serverMessageOf, type ServerMessageKey } from "@/server/domain/server-messages";
import english from "../../../messages/en/account.json";

// A schema's message travels as its English text and is mapped back to its key to be said in the
// asker's language: two keys with the same English would make one of them unreachable.
describe("server messages", () => {
  const keys = (Object.keys(english.ServerErrors) as string[]).filter((k) => k !== "statusWord") as ServerMessageKey[];
  // A message with a value ({ref}, {max, number}) is never a schema's: only fixed texts map back.
  const fixedText = keys.filter((k) => !/\{\s*\w+\s*[,}]/.test(english.ServerErrors[k] as string));

  it("maps each fixed English text back to its own key", () => {
    expect(fixedText.filter((k) => serverMessageOf(schemaMessage(k))?.key !== k)).toEqual([]);
  });

  it("leaves any other text alone (zod's own, an API-only message)", () => {
    expect(serverMessageOf("Invalid input: expected string, received number")).toBeNull();
  });
});
