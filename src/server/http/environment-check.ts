import { validateEnvAtStartup } from "../config/start-up";

// Evaluated second in the production server (server.ts imports it after node-environment.ts, whose
// NODE_ENV the logger reads), before any module that reads the environment as it loads (the
// Inngest client does): a misconfigured server stops here, with one line naming each bad variable.
validateEnvAtStartup();
