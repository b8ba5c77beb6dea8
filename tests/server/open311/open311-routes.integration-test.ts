import { XMLParser } from "fast-xml-parser";
import { beforeEach, describe, expect, it } from "vitest";
import { GET, POST } from "@/app/open311/v2/[...path]/route";
import { env } from "@/server/config/env";
import { issueOpen311Key, revokeOpen311Key } from "@/server/domain/open311/api-keys";
import { callerFor } from "../../support/caller";
import { createUser } from "../../support/factories";
import { truncateAll, useTestDb } from "../../support/test-db";
import { expectValid } from "./schemas";

const db = useTestDb();
const base = () => `${new URL(env().APP_URL).origin}/open311/v2`;
const xml = new XMLParser({ parseTagValue: false, isArray: (name) => ["request", "service", "error", "attribute", "value", "endpoint", "format"].includes(name) });

function call(method: "GET" | "POST", path: string, body?: BodyInit, headers: Record<string, string> = {}) {
  const url = `${base()}/${path}`;
  const init: RequestInit & { duplex?: string } = { method, body, headers: body === undefined ? headers : { "content-type": "application/x-www-form-urlencoded", ...headers }, duplex: "half" };
  const segments = new URL(url).pathname.split("/").slice(3).map(decodeURIComponent);
  const handler = method === "GET" ? GET : POST;
  return handler(new Request(url, init), { params: Promise.resolve({ path: segments }) });
}
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const reportCount = async () => Number((await db().selectFrom("reports").select((e) => e.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);

let apiKey: string;
let keyId: string;
beforeEach(async () => {
  await truncateAll(db());
  const admin = await createUser(db(), { role: "admin", name: "Asha Admin" });
  const issued = await issueOpen311Key(db(), { id: admin.id, via: "admin" }, { name: "FixMyCity app", requestsPerHour: 5 });
  apiKey = issued.key;
  keyId = issued.id;
});

const valid = (over: Record<string, string> = {}) =>
  form({ api_key: apiKey, service_code: "roads", lat: "12.9716", long: "77.5946", description: "A deep pothole on the left lane near the bus stop.", ...over });

async function expectSpecError(res: Response, status: number, match: RegExp) {
  expect(res.status).toBe(status);
  const body = (await res.json()) as { code: number; description: string }[];
  expect(body).toEqual([{ code: status, description: expect.stringMatching(match) }]);
}

describe("services", () => {
  it("lists one service per category, valid against services.json, the same in XML", async () => {
    const res = await call("GET", "services.json");
    expect(res.status).toBe(200);
    const services = (await res.json()) as { service_code: string; metadata: boolean }[];
    expectValid("services", services);
    expect(services.map((s) => s.service_code)).toContain("streetlights");
    expect(services.every((s) => s.metadata)).toBe(true);
    const asXml = xml.parse(await (await call("GET", "services.xml")).text());
    expect(asXml.services.service.map((s: { service_code: string }) => s.service_code)).toEqual(services.map((s) => s.service_code));
  });

  it("defines a service's attributes (severity) valid against service-definition.json", async () => {
    const def = await (await call("GET", "services/roads.json")).json();
    expectValid("service-definition", def);
    expect(def.attributes[0]).toMatchObject({ code: "severity", datatype: "singlevaluelist", order: 1 });
    const asXml = xml.parse(await (await call("GET", "services/roads.xml")).text());
    expect(asXml.service_definition.attributes.attribute[0].values.value.map((v: { key: string }) => v.key)).toEqual(["low", "medium", "high", "critical"]);
    await expectSpecError(await call("GET", "services/potholes.json"), 404, /potholes/);
  });

  it("answers discovery, and refuses an unsupported format in the spec's error format", async () => {
    const d = await (await call("GET", "discovery.json")).json();
    expect(d.endpoints[0]).toMatchObject({ specification: "http://wiki.open311.org/GeoReport_v2", formats: ["application/json", "text/xml"] });
    await expectSpecError(await call("GET", "services.csv"), 400, /\.json or \.xml/);
    await expectSpecError(await call("GET", "nothing.json"), 404, /No such/);
  });
});

describe("POST requests", () => {
  it("files through the web form's path as the key's client, keeps contact data private, and GET finds it", async () => {
    const res = await call("POST", "requests.json", valid({ email: "ravi@example.com", phone: "+919876543210", first_name: "Ravi", last_name: "Kumar", "attribute[severity]": "critical", media_url: "https://example.com/p.jpg" }));
    expect(res.status).toBe(201);
    const [created] = (await res.json()) as { service_request_id: string }[];
    expect(created!.service_request_id).toMatch(/^CL-\d{4}-\d{6}$/);

    const report = await db().selectFrom("reports").selectAll().executeTakeFirstOrThrow();
    expect(report).toMatchObject({ open311_key_id: keyId, citizen_category: "roads", citizen_severity: "critical", status: "submitted" });
    const client = await db().selectFrom("users").select(["name", "phone"]).where("id", "=", report.reporter_id).executeTakeFirstOrThrow();
    expect(client.name).toBe("FixMyCity app");
    const events = await db().selectFrom("event_outbox").select("name").execute();
    expect(events.map((e) => e.name)).toEqual(["report/created"]);
    expect(await db().selectFrom("open311_submissions").selectAll().executeTakeFirstOrThrow()).toMatchObject({ email: "ravi@example.com", first_name: "Ravi", media_url: "https://example.com/p.jpg" });

    const page = await callerFor(db()).reports.byId({ id: created!.service_request_id });
    expect(page.filedThrough).toBe("FixMyCity app");
    expect(JSON.stringify(page)).not.toContain("ravi@example.com");

    const one = await call("GET", `requests/${created!.service_request_id}.json`);
    const text = await one.clone().text();
    for (const secret of ["ravi@example.com", "9876543210", "Ravi", "Kumar", "example.com/p.jpg", client.phone]) expect(text).not.toContain(secret);
    const [request] = (await one.json()) as Record<string, unknown>[];
    expectValid("request", request);
    expect(request).toMatchObject({ service_request_id: created!.service_request_id, status: "open", service_code: "roads", lat: 12.9716, long: 77.5946, media_url: null, extended_attributes: { status: "submitted" } });

    const list = await (await call("GET", "requests.json?service_code=roads&status=open")).json();
    expectValid("requests", list);
    expect(list.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([created!.service_request_id]);
    const asXml = xml.parse(await (await call("GET", "requests.xml?service_code=roads")).text());
    const x = asXml.service_requests.request[0];
    for (const field of ["service_request_id", "status", "service_code", "description", "requested_datetime", "address"]) expect(String(x[field])).toBe(String(request![field] ?? ""));
    expect(Number(x.lat)).toBe(request!.lat);
    expect(x.extended_attributes.status).toBe("submitted");
  });

  it("gives the report's first ready public photo as media_url, never one processing, hidden or on an update", async () => {
    const [created] = await (await call("POST", "requests.json", valid())).json();
    const report = await db().selectFrom("reports").select(["id", "reporter_id"]).executeTakeFirstOrThrow();
    const photo = (status: "processing" | "ready" | "hidden", key: string, at: string, postId: string | null = null) =>
      db().insertInto("report_photos").values({ report_id: report.id, uploader_id: report.reporter_id, status, display_key: `public/${key.padEnd(22, "x")}-display.webp`, thumb_key: `public/${key.padEnd(22, "x")}-thumb.webp`, created_at: at, post_id: postId }).execute();
    // A citizen's update photo, ready and older than the report's own: it is theirs, not the request's.
    const citizen = await createUser(db());
    const update = await db().insertInto("report_posts").values({ report_id: report.id, author_id: citizen.id, author_role: "citizen", kind: "still_there", text: null, effect: null }).returning("id").executeTakeFirstOrThrow();
    await photo("ready", "update1", "2025-12-31T00:00:00Z", update.id);
    await photo("hidden", "hidden1", "2026-01-01T00:00:00Z");
    await photo("processing", "processing1", "2026-01-02T00:00:00Z");
    await photo("ready", "ready1", "2026-01-03T00:00:00Z");
    await photo("ready", "ready2", "2026-01-04T00:00:00Z");
    const [r] = await (await call("GET", `requests/${created.service_request_id}.json`)).json();
    expectValid("request", r);
    expect(r.media_url).toBe(new URL(`/media/${"ready1".padEnd(22, "x")}-display.webp`, env().APP_URL).toString());
  });

  it("answers POST in XML when asked by the extension", async () => {
    const res = await call("POST", "requests.xml", valid());
    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toMatch(/text\/xml/);
    expect(xml.parse(await res.text()).service_requests.request[0].service_request_id).toMatch(/^CL-/);
  });

  it("places an address-only request at the city's map centre with its address", async () => {
    const body = form({ api_key: apiKey, service_code: "garbage", address_string: "MG Road, near the metro", description: "Garbage has not been collected for a week here." });
    expect((await call("POST", "requests.json", body)).status).toBe(201);
    const r = await db().selectFrom("reports").select(["address", "latitude"]).executeTakeFirstOrThrow();
    expect(r.address).toBe("MG Road, near the metro");
  });

  it("reflects triage's category and a moderator's status change and note", async () => {
    const [created] = await (await call("POST", "requests.json", valid())).json();
    await db().updateTable("reports").set({ category: "drainage", status: "resolved", resolution_note: "Filled on Monday", updated_at: new Date() }).execute();
    const [r] = await (await call("GET", `requests/${created.service_request_id}.json`)).json();
    expectValid("request", r);
    expect(r).toMatchObject({ service_code: "drainage", status: "closed", status_notes: "Filled on Monday", extended_attributes: { status: "resolved" } });
    expect((await (await call("GET", "requests.json?status=open")).json())).toEqual([]);
  });

  it("names the body responsible as agency_responsible, and the resolve deadline as expected_datetime while open", async () => {
    const [created] = await (await call("POST", "requests.json", valid())).json();
    const before = (await (await call("GET", `requests/${created.service_request_id}.json`)).json())[0];
    expect(before).toMatchObject({ agency_responsible: null, expected_datetime: null });
    const water = await db().insertInto("bodies").values({ slug: "water-board", name: "Water Board", categories: ["roads"], is_default: true, boundary: null }).returning("id").executeTakeFirstOrThrow();
    const resolveBy = new Date("2027-01-15T10:30:00.000Z");
    await db().updateTable("reports").set({ body_id: water.id, resolve_by: resolveBy }).execute();
    const [open] = await (await call("GET", `requests/${created.service_request_id}.json`)).json();
    expectValid("request", open);
    expect(open).toMatchObject({ agency_responsible: "Water Board", expected_datetime: resolveBy.toISOString() });
    const doc = xml.parse(await (await call("GET", `requests/${created.service_request_id}.xml`)).text());
    expect(doc.service_requests.request[0]).toMatchObject({ agency_responsible: "Water Board", expected_datetime: resolveBy.toISOString() });
    await db().updateTable("reports").set({ status: "resolved" }).execute();
    const [closed] = await (await call("GET", `requests/${created.service_request_id}.json`)).json();
    expect(closed).toMatchObject({ agency_responsible: "Water Board", expected_datetime: null });
  });

  it("counts against the key's own hourly limit: 429 in the spec's format", async () => {
    for (let i = 0; i < 5; i += 1) expect((await call("POST", "requests.json", valid())).status).toBe(201);
    const res = await call("POST", "requests.json", valid());
    expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
    await expectSpecError(res, 429, /.+/);
    expect(await reportCount()).toBe(5);
  });

  const BAD: [string, () => BodyInit, number, RegExp][] = [
    ["a missing key", () => form({ service_code: "roads", lat: "1", long: "1", description: "A deep pothole near the stop." }), 403, /api_key is required/],
    ["a wrong key", () => valid({ api_key: "o311_wrong" }), 403, /not valid/],
    ["an unknown service_code", () => valid({ service_code: "potholes" }), 400, /service_code/],
    ["lat out of range", () => valid({ lat: "91" }), 400, /lat must be between/],
    ["long out of range", () => valid({ long: "-180.5" }), 400, /long must be between/],
    ["lat that is no number", () => valid({ lat: "north" }), 400, /lat must be a number/],
    ["neither location nor address", () => form({ api_key: apiKey, service_code: "roads", description: "A deep pothole near the stop." }), 400, /Give a location/],
    ["an unknown attribute", () => valid({ "attribute[colour]": "red" }), 400, /colour is not an attribute/],
    ["a bad severity", () => valid({ "attribute[severity]": "apocalyptic" }), 400, /must be one of/],
    ["a missing description", () => valid({ description: "" }), 400, /description is required/],
    ["a description over the web form's limit", () => valid({ description: "x".repeat(5000) }), 400, /description/],
    ["a 1 MB description", () => valid({ description: "x".repeat(1024 * 1024) }), 413, /at most/],
    ["a NUL byte", () => valid({ description: "A deep pothole\u0000 near the stop." }), 400, /NUL/],
    ["a field given twice", () => `${valid()}&service_code=garbage`, 400, /more than once/],
    ["an unknown field", () => valid({ title: "x" }), 400, /title is not a field/],
    ["a bad email", () => valid({ email: "not-an-email" }), 400, /email/],
    ["a media_url that is not http", () => valid({ media_url: "javascript:alert(1)" }), 400, /media_url/],
  ];
  it.each(BAD)("refuses %s in the spec's format, filing nothing", async (_name, body, status, match) => {
    await expectSpecError(await call("POST", "requests.json", body()), status, match);
    expect(await reportCount()).toBe(0);
    expect(await db().selectFrom("event_outbox").selectAll().execute()).toEqual([]);
  });

  it("refuses a revoked key, a body that is not form-encoded, and a streamed body past the cap", async () => {
    await revokeOpen311Key(db(), { id: null, via: "cli" }, keyId);
    await expectSpecError(await call("POST", "requests.json", valid()), 403, /revoked/);
    await expectSpecError(await call("POST", "requests.json", JSON.stringify({ a: 1 }), { "content-type": "application/json" }), 415, /form-encoded/);
    const chunk = new TextEncoder().encode("a".repeat(16 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        sent += 1;
        if (sent > 100) c.close();
        else c.enqueue(chunk);
      },
    });
    await expectSpecError(await call("POST", "requests.json", stream), 413, /at most/);
    expect(sent).toBeLessThan(10);
    expect(await reportCount()).toBe(0);
  });
});

describe("GET requests filters", () => {
  async function seed() {
    const ids: string[] = [];
    for (const code of ["roads", "garbage", "roads"]) {
      const [c] = await (await call("POST", "requests.json", valid({ service_code: code }))).json();
      ids.push(c.service_request_id);
    }
    return ids;
  }

  it("returns newest first, by ids, by date range, paged; never rejected reports", async () => {
    const ids = await seed();
    // A day apart, the first filed the oldest.
    for (const [i, ref] of ids.entries()) await db().updateTable("reports").set({ created_at: new Date(Date.now() - (3 - i) * 86_400_000) }).where("ref", "=", ref).execute();
    const all = await (await call("GET", "requests.json")).json();
    expectValid("requests", all);
    expect(all.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([...ids].reverse());
    const some = await (await call("GET", `requests.json?service_request_id=${ids[0]},${ids[2]}`)).json();
    expect(some.map((r: { service_request_id: string }) => r.service_request_id).sort()).toEqual([ids[0], ids[2]].sort());
    const page2 = await (await call("GET", "requests.json?page=2&page_size=2")).json();
    expect(page2.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([ids[0]]);
    const old = await (await call("GET", `requests.json?end_date=${new Date(Date.now() - 86_400_000 * 1.5).toISOString()}`)).json();
    expect(old.length).toBeLessThan(3);
    const future = await (await call("GET", `requests.json?start_date=${new Date(Date.now() + 86_400_000).toISOString()}`)).json();
    expect(future).toEqual([]);
    await db().updateTable("reports").set({ status: "rejected" }).where("ref", "=", ids[1]!).execute();
    expect((await (await call("GET", "requests.json")).json()).length).toBe(2);
    await expectSpecError(await call("GET", `requests/${ids[1]}.json`), 404, /No service request/);
  });

  const BAD: [string, string, RegExp][] = [
    ["start after end", "start_date=2026-03-01T00:00:00Z&end_date=2026-02-01T00:00:00Z", /start_date must not be after end_date/],
    ["a 91-day range", "start_date=2026-01-01T00:00:00Z&end_date=2026-04-02T00:00:00Z", /90 days/],
    ["page_size over the maximum", "page_size=1001", /page_size must be at most 1000/],
    ["page_size zero", "page_size=0", /page_size/],
    ["a malformed date", "start_date=yesterday", /ISO 8601/],
    ["an impossible date", "end_date=2026-13-45", /ISO 8601/],
    ["an unknown status", "status=pending", /status must be/],
    ["an unknown service_code", "service_code=potholes", /potholes/],
    ["a malformed id", "service_request_id=1;drop", /service_request_id/],
    ["a NUL byte", "status=open%00", /NUL/],
  ];
  it.each(BAD)("refuses %s with 400 in the spec's format", async (_n, query, match) => {
    await expectSpecError(await call("GET", `requests.json?${query}`), 400, match);
  });

  it("says errors in XML for an .xml path", async () => {
    const res = await call("GET", "requests.xml?page_size=5000");
    expect(res.status).toBe(400);
    expect(xml.parse(await res.text()).errors.error[0]).toMatchObject({ code: "400", description: expect.stringMatching(/page_size/) });
  });
});
