import nextEnv from "@next/env";

// Scripts read the same .env files as Next.js does, before anything parses the environment.
nextEnv.loadEnvConfig(process.cwd(), process.env.NODE_ENV !== "production");
