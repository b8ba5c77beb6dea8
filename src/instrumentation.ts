/**
 * Next calls register() once as a server starts (`next dev`, `next start`, and the Next inside the
 * production server): the environment is validated there, so a misconfigured deployment stops
 * before it serves anything.
 */
export async function register() {
  const { validateEnvAtStartup } = await import("./server/start-up");
  validateEnvAtStartup();
}
