import { AsyncLocalStorage } from "node:async_hooks";
import { fillLibraryEnv } from "../config/env";

// Evaluated before anything else in the production server (server.ts imports it first):
// - Next's request-scope helpers (`after()` in next/server, imported by the outbox scheduler) look
//   for AsyncLocalStorage on globalThis when they load; `next start` puts it there, and so must we.
// - The server is the production build; Next, React, env.ts and the logger read NODE_ENV.
const g = globalThis as { AsyncLocalStorage?: typeof AsyncLocalStorage };
g.AsyncLocalStorage ??= AsyncLocalStorage;
fillLibraryEnv({ NODE_ENV: "production" });
