/**
 * Next calls register() once as a server starts (`next dev`, `next start`, and the Next inside the
 * production server): the environment is validated there, so a misconfigured deployment stops
 * before it serves anything.
 */
export async function register() {
  // NEXT_RUNTIME is not read from the environment: Next writes it into each bundle it compiles as a
  // constant, so the Edge bundle of this file (which no route of ours runs in) leaves the server
  // modules out.
  if (process.env.NEXT_RUNTIME !== "edge") {
    const { validateEnvAtStartup } = await import("./server/config/start-up");
    validateEnvAtStartup();
  }
}
