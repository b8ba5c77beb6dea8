// Runs before every test file: a test environment that never reaches a real service.
(process.env as Record<string, string>).NODE_ENV = "test";
process.env.INNGEST_DEV ??= "1";
// Nothing listens on port 9: a send that is not faked fails fast instead of reaching a Dev Server.
process.env.INNGEST_BASE_URL ??= "http://127.0.0.1:9";
process.env.SMS_PROVIDER ??= "dev-mailbox";
