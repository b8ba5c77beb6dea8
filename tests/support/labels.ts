import { createTranslator } from "use-intl/core";
import { CATALOGS } from "@/i18n/messages";
import { labelsFrom } from "@/lib/labels";
import type { Locale } from "@/shared/locales";

/** The labels as `useLabels()` and `getLabels()` give them, in one language, without React. */
export function labelsIn(locale: Locale) {
  const t = createTranslator({ locale, messages: CATALOGS[locale], namespace: "Labels" });
  return labelsFrom((key, values) => t(key, values as never));
}
