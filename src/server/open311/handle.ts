import "server-only";
import { env } from "../config/env";
import { mapConfig } from "../config/map-config";
import { db } from "../db/client";
import { isDatabaseUnavailable } from "../db/errors";
import { AppError } from "../domain/errors";
import { authenticateOpen311Key } from "../domain/open311/api-keys";
import { isRequestId, parseRequestFilters } from "../domain/open311/request-filters";
import { getOpen311Request, listOpen311Requests } from "../domain/open311/request-queries";
import { listServices, serviceDefinition } from "../domain/open311/services";
import { submitOpen311Request } from "../domain/open311/submit-request";
import { clientInfo } from "../http/request-context";
import { logger } from "../logging/logger";
import { relayAfterResponse } from "../outbox/schedule";
import { BodyTooLarge, checkQuery, formFields, readCapped, MAX_FORM_BYTES } from "./read-form";
import { answer, errorAnswer, STATUS_OF, type Format } from "./render";

/** When this API last changed, as discovery tells clients. */
const CHANGESET = "2026-12-06T00:00:00Z";

type Route =
  | { kind: "discovery" }
  | { kind: "services" }
  | { kind: "service"; code: string }
  | { kind: "requests" }
  | { kind: "request"; id: string }
  | { kind: "token" };

/** The resource and format a path names: `requests/CL-2026-000001.json` → a request, JSON. */
export function parsePath(segments: string[]): { route: Route | null; format: Format | null } {
  const last = segments.at(-1) ?? "";
  const dot = last.lastIndexOf(".");
  const ext = dot >= 0 ? last.slice(dot + 1).toLowerCase() : "";
  const format: Format | null = ext === "json" || ext === "xml" ? ext : null;
  const name = dot >= 0 ? last.slice(0, dot) : last;
  const path = [...segments.slice(0, -1), name];
  let route: Route | null = null;
  if (path.length === 1 && path[0] === "discovery") route = { kind: "discovery" };
  else if (path.length === 1 && path[0] === "services") route = { kind: "services" };
  else if (path.length === 2 && path[0] === "services") route = { kind: "service", code: path[1]! };
  else if (path.length === 1 && path[0] === "requests") route = { kind: "requests" };
  else if (path.length === 2 && path[0] === "requests") route = { kind: "request", id: path[1]! };
  else if (path.length === 2 && path[0] === "tokens") route = { kind: "token" };
  return { route, format };
}

const apiUrl = () => new URL("/open311/v2", env().APP_URL).toString();

function discovery() {
  return {
    changeset: CHANGESET,
    contact: `Ask the city's CivicLens administrators for a key: ${env().APP_URL}`,
    key_service: `${env().APP_URL}/admin/open311`,
    endpoints: [{ specification: "http://wiki.open311.org/GeoReport_v2", url: apiUrl(), changeset: CHANGESET, type: "production", formats: ["application/json", "text/xml"] }],
  };
}

const REQUESTS = { root: "service_requests", item: "request" };

async function get(request: Request, route: Route, format: Format): Promise<Response> {
  const params = new URL(request.url).searchParams;
  checkQuery(params);
  switch (route.kind) {
    case "discovery":
      return answer(format, discovery(), { root: "discovery", nested: { endpoints: "endpoint", formats: "format" } });
    case "services":
      return answer(format, listServices(), { root: "services", item: "service" });
    case "service": {
      const definition = serviceDefinition(route.code);
      if (!definition) return errorAnswer(format, 404, `No service has the code ${JSON.stringify(route.code.slice(0, 40))} (see services.${format})`);
      return answer(format, definition, { root: "service_definition", nested: { attributes: "attribute", values: "value" } });
    }
    case "requests": {
      const requests = await listOpen311Requests(db(), parseRequestFilters(params), env().APP_URL);
      return answer(format, requests, REQUESTS);
    }
    case "request": {
      const found = isRequestId(route.id) ? await getOpen311Request(db(), route.id, env().APP_URL) : null;
      if (!found) return errorAnswer(format, 404, `No service request has the id ${JSON.stringify(route.id.slice(0, 40))}`);
      return answer(format, [found], REQUESTS);
    }
    case "token":
      // The spec's token flow is for servers that cannot name the request at once; filing here does.
      return errorAnswer(format, 404, "No token is ever issued here: POST requests answers with the service_request_id at once; read the request at requests/{service_request_id}");
  }
}

async function post(request: Request, format: Format): Promise<Response> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/x-www-form-urlencoded\b/i.test(type)) return errorAnswer(format, 415, "Send the service request form-encoded (application/x-www-form-urlencoded)");
  let body: string;
  try {
    body = await readCapped(request);
  } catch (err) {
    if (err instanceof BodyTooLarge) return errorAnswer(format, 413, `A service request may be at most ${MAX_FORM_BYTES / 1024} KB`);
    throw err;
  }
  const fields = formFields(body);
  const client = await authenticateOpen311Key(db(), fields.get("api_key"));
  if (!client) return errorAnswer(format, 403, fields.get("api_key") ? "The api_key is not valid or was revoked" : "An api_key is required to file a service request");
  const [lat, lng] = mapConfig().center;
  const filed = await submitOpen311Request(db(), client, { fields, fallbackLocation: { latitude: lat, longitude: lng } }, clientInfo(request.headers));
  relayAfterResponse();
  return answer(format, [{ service_request_id: filed.ref, service_notice: null, account_id: null }], REQUESTS, 201);
}

/**
 * Every Open311 GeoReport v2 answer (ADR 0021): the path names the resource and the format (.json
 * or .xml); failures are the spec's list of `{code, description}` with the matching HTTP status.
 */
export async function open311Response(request: Request, segments: string[]): Promise<Response> {
  const { route, format } = parsePath(segments);
  if (!format) return errorAnswer("json", 400, "Name the format with the path's extension: .json or .xml");
  if (!route) return errorAnswer(format, 404, "No such Open311 resource (see discovery)");
  try {
    if (request.method === "GET" || request.method === "HEAD") return await get(request, route, format);
    if (request.method === "POST" && route.kind === "requests") return await post(request, format);
    return errorAnswer(format, 405, `${request.method} is not served here`);
  } catch (err) {
    if (err instanceof AppError) return errorAnswer(format, STATUS_OF[err.code], err.field && !err.message.includes(err.field) ? `${err.field}: ${err.message}` : err.message, err.retryAfterSeconds);
    if (isDatabaseUnavailable(err)) return errorAnswer(format, 503, "CivicLens cannot answer right now; try again in a moment", 10);
    logger.error({ err }, `[open311] ${request.method} failed: ${err instanceof Error ? err.message : String(err)}`);
    return errorAnswer(format, 500, "Something went wrong");
  }
}
