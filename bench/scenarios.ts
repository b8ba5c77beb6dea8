import type { Options, Request } from "autocannon";

export interface Scenario {
  name: string;
  /** Builds the autocannon options; may create users or data through the API first. */
  prepare(baseUrl: string): Promise<Omit<Options, "url">>;
}

const json = { "content-type": "application/json" };

/** Every request asks for a code for a different valid Indian mobile number. */
function requestOtpRequests(offset: number): Request[] {
  let n = offset;
  return [
    {
      method: "POST",
      path: "/api/trpc/auth.requestOtp",
      headers: json,
      setupRequest: (req) => ({ ...req, body: JSON.stringify({ json: { phone: `+91${9_000_000_000 + n++}` } }) }),
    },
  ];
}

export const scenarios: Scenario[] = [
  {
    name: "floor: system.ping (no-op tRPC query), open loop",
    prepare: async () => ({ method: "GET", requests: [{ method: "GET", path: "/api/trpc/system.ping" }], overallRate: 200, connections: 50, duration: 15 }),
  },
  {
    name: "request-otp: auth.requestOtp, open loop",
    prepare: async () => ({ requests: requestOtpRequests(0), overallRate: 100, connections: 50, duration: 15 }),
  },
  {
    name: "request-otp: auth.requestOtp, closed loop",
    prepare: async () => ({ requests: requestOtpRequests(10_000_000), connections: 10, duration: 15 }),
  },
];
