import { translator } from "@/i18n/messages";
import type { Locale } from "@/shared/locales";

/**
 * A status as messages name it: `label` on its own ("Under review", a subject line), `phrase` inside
 * a sentence ("is now under review"). Every key is written out, so the catalog check sees each one.
 */
export function statusWords(locale: Locale, status: string): { label: string; phrase: string } {
  const label = translator(locale, "Labels");
  const phrase = translator(locale, "StatusPhrase");
  const words: Record<string, () => { label: string; phrase: string }> = {
    submitted: () => ({ label: label("status.submitted"), phrase: phrase("submitted") }),
    under_review: () => ({ label: label("status.under_review"), phrase: phrase("under_review") }),
    acknowledged: () => ({ label: label("status.acknowledged"), phrase: phrase("acknowledged") }),
    in_progress: () => ({ label: label("status.in_progress"), phrase: phrase("in_progress") }),
    resolved: () => ({ label: label("status.resolved"), phrase: phrase("resolved") }),
    rejected: () => ({ label: label("status.rejected"), phrase: phrase("rejected") }),
    duplicate: () => ({ label: label("status.duplicate"), phrase: phrase("duplicate") }),
  };
  const plain = status.replace(/_/g, " ");
  return words[status]?.() ?? { label: plain, phrase: plain };
}
