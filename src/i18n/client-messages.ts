import type { AbstractIntlMessages } from "next-intl";

/**
 * Namespaces only the server renders (pages that are Server Components, SMS and email bodies): they
 * are left out of what IntlClientProvider (intl-client-provider.tsx) sends to the browser. A
 * namespace that a "use client" component reads must not be listed here.
 */
export const SERVER_ONLY_NAMESPACES = [
  "Metadata",
  "Layout",
  "Header",
  "LocaleSwitcher",
  "Home",
  "NotFound",
  "StatusPhrase",
  "OtpSms",
  "StatusChange",
  "SupportMilestone",
  "VerificationEmail",
  "ServerErrors",
  "AdminMetadata",
  "AdminLayout",
  "AdminPages",
  "AreaAlert",
  "AlertUnsubscribe",
  "OpenData",
  "ServiceLevelsPage",
  "ServiceLevelDigest",
] as const;

export function clientMessages(messages: AbstractIntlMessages): AbstractIntlMessages {
  const skip: readonly string[] = SERVER_ONLY_NAMESPACES;
  return Object.fromEntries(Object.entries(messages).filter(([namespace]) => !skip.includes(namespace)));
}
