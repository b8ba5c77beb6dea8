/**
 * Open311 GeoReport v2 round trip on the production server (ADR 0021): an admin issues a key in the
 * dashboard's API, a client files a request with it (form-encoded), finds it with filters, sees
 * triage's category and then a moderator's status change and note reflected; the report page says
 * which client filed it. A request without a key files nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startE2E, type E2E } from "./support/app-server";
import { CookieJar, randomIndianMobile, trpcMutation, trpcQuery, until } from "./support/http";
import { signInBySms, startTwilioStandin, twilioEnv, type TwilioStandin } from "./support/twilio-standin";

let e2e: E2E;
let twilio: TwilioStandin;
const admin = { jar: new CookieJar(), phone: randomIndianMobile() };

beforeAll(async () => {
  twilio = await startTwilioStandin();
  e2e = await startE2E({ name: "open311", server: "production", env: twilioEnv(twilio), staff: [{ phone: admin.phone, role: "admin" }] });
  await signInBySms(e2e.url, twilio, admin.phone, admin.jar);
});
afterAll(async () => {
  await e2e?.stop();
  await twilio?.close();
});

type Request311 = { service_request_id: string; status: string; status_notes: string | null; service_code: string; extended_attributes: { status: string } };

describe("Open311 GeoReport v2", () => {
  it("files with a key, finds it with filters, and reflects triage and moderation", async () => {
    const issued = await trpcMutation<{ key: string }>(e2e.url, "admin.issueOpen311Key", { name: "E2E City CRM", requestsPerHour: 50 }, admin.jar);
    expect(issued.status, JSON.stringify(issued.raw)).toBe(200);
    const key = issued.data!.key;

    const post = (fields: Record<string, string>) =>
      fetch(`${e2e.url}/open311/v2/requests.json`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields) });
    const fields = { service_code: "other", lat: "12.9716", long: "77.5946", description: "The streetlight by the park gate on 5th Cross has been dark for a week.", email: "e2e@example.com" };
    const refused = await post(fields);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual([{ code: 403, description: expect.stringMatching(/api_key/) }]);

    const res = await post({ api_key: key, ...fields });
    expect(res.status).toBe(201);
    const [created] = (await res.json()) as { service_request_id: string }[];
    const id = created!.service_request_id;
    expect(id).toMatch(/^CL-\d{4}-\d{6}$/);

    const since = new Date(Date.now() - 3_600_000).toISOString();
    const list = await fetch(`${e2e.url}/open311/v2/requests.json?start_date=${since}&status=open&service_request_id=${id}`);
    expect(list.status).toBe(200);
    expect(((await list.json()) as Request311[]).map((r) => r.service_request_id)).toEqual([id]);

    // Triage runs in the background (Inngest stand-in): its category replaces the client's "other".
    const triaged = await until(
      "triage reflected in Open311",
      async () => {
        const [r] = (await (await fetch(`${e2e.url}/open311/v2/requests/${id}.json`)).json()) as Request311[];
        return r!.extended_attributes.status === "under_review" ? r : undefined;
      },
      30_000,
    );
    const byId = async () => (await trpcQuery<{ id: string; version: number; category: string | null; filedThrough: string | null }>(e2e.url, "reports.byId", { id }, admin.jar)).data!;
    const report = await byId();
    expect(report.filedThrough).toBe("E2E City CRM");
    // The service code is the report's category as triage left it.
    expect(triaged.service_code).toBe(report.category);

    // A moderator's new category shows too (and the filter finds it there).
    const category = report.category === "streetlights" ? "electricity" : "streetlights";
    const recategorized = await trpcMutation(e2e.url, "admin.moderate", { reportId: report.id, version: report.version, action: "recategorize", category }, admin.jar);
    expect(recategorized.status, JSON.stringify(recategorized.raw)).toBe(200);
    expect((await (await fetch(`${e2e.url}/open311/v2/requests.json?service_code=${category}&start_date=${since}`)).json()).map((r: Request311) => r.service_request_id)).toEqual([id]);
    const get = async () => ((await (await fetch(`${e2e.url}/open311/v2/requests.json?service_request_id=${id}`)).json()) as Request311[])[0];

    const ack = await trpcMutation(e2e.url, "admin.moderate", { reportId: report.id, version: (await byId()).version, action: "acknowledge", note: "Crew assigned for Tuesday" }, admin.jar);
    expect(ack.status, JSON.stringify(ack.raw)).toBe(200);
    expect(await get()).toMatchObject({ status: "open", status_notes: "Crew assigned for Tuesday", extended_attributes: { status: "acknowledged" } });

    const resolved = await trpcMutation(e2e.url, "admin.moderate", { reportId: report.id, version: (await byId()).version, action: "resolve", note: "Bulb replaced on Tuesday" }, admin.jar);
    expect(resolved.status, JSON.stringify(resolved.raw)).toBe(200);
    expect(await get()).toMatchObject({ status: "closed", status_notes: "Bulb replaced on Tuesday", extended_attributes: { status: "resolved" } });
    const xml = await (await fetch(`${e2e.url}/open311/v2/requests/${id}.xml`)).text();
    expect(xml).toContain(`<service_request_id>${id}</service_request_id>`);
    expect(xml).not.toContain("e2e@example.com");
  });
});
