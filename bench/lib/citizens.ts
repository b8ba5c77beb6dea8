import { randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import pg from "pg";

/**
 * Signed-in citizens of the bench's own, as bench/scenarios.ts makes them: users inserted directly,
 * each with a next-auth session cookie signed with the server's secret (a session id of its own,
 * under the account's first epoch), as a browser holds after signing in.
 */
export async function signedInCitizens(databaseUrl: string, authSecret: string, count: number): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const tag = Date.now().toString().slice(-6);
  try {
    const { rows } = await client.query<{ id: string; phone: string }>(
      `insert into users (phone, name) select '+1557' || $1 || lpad(g::text, 4, '0'), 'Reliability citizen ' || g from generate_series(1, $2) g returning id, phone`,
      [tag, count],
    );
    return Promise.all(
      rows.map(async (u) => {
        const jwt = await encode({ token: { uid: u.id, role: "citizen", phone: u.phone, sub: u.id, sid: randomUUID(), epoch: 0 }, secret: authSecret });
        return `next-auth.session-token=${jwt}`;
      }),
    );
  } finally {
    await client.end();
  }
}
