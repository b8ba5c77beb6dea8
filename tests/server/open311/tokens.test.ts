import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { open311Response, parsePath } from "@/server/open311/handle";

const get = (path: string) => open311Response(new Request(`http://127.0.0.1/open311/v2/${path}`), path.split("/"));

describe("Open311 tokens/{token} (the spec's optional token flow)", () => {
  it("is a resource of its own, in either format", () => {
    expect(parsePath(["tokens", "abc123.json"])).toEqual({ route: { kind: "token" }, format: "json" });
    expect(parsePath(["tokens", "abc123.xml"])).toEqual({ route: { kind: "token" }, format: "xml" });
  });

  it("answers 404 in the spec's format, saying no token is issued and where a request is read instead", async () => {
    const res = await get("tokens/abc123.json");
    expect(res.status).toBe(404);
    const [error] = (await res.json()) as { code: number; description: string }[];
    expect(error).toEqual({ code: 404, description: expect.stringMatching(/No token is ever issued here.*service_request_id at once.*requests\/\{service_request_id\}/) });
  });

  it("says the same in XML", async () => {
    const res = await get("tokens/abc123.xml");
    expect(res.status).toBe(404);
    const doc = new XMLParser({ parseTagValue: false }).parse(await res.text());
    expect(doc.errors.error).toMatchObject({ code: "404", description: expect.stringMatching(/No token is ever issued here/) });
  });
});
