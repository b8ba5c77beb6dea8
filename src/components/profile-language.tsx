"use client";

import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { type FormEvent, useState } from "react";
import { trpc } from "@/lib/trpc";
import { LOCALE_COOKIE, LOCALE_NAMES, LOCALES, type Locale, localeOfIntl } from "@/shared/locales";

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/**
 * The profile's language setting: saved on the account (profile.setLocale), so texts and emails
 * follow it, and put in this browser's NEXT_LOCALE cookie, so the page changes at once.
 */
export function ProfileLanguage() {
  const t = useTranslations("ProfileLanguage");
  const router = useRouter();
  const [choice, setChoice] = useState<Locale>(localeOfIntl(useLocale()));
  const save = trpc.profile.setLocale.useMutation({
    onSuccess({ locale }) {
      const secure = window.location.protocol === "https:" ? "; Secure" : "";
      document.cookie = `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=${ONE_YEAR_SECONDS}; SameSite=Lax${secure}`;
      router.refresh();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ locale: choice });
  };
  return (
    <section className="card" aria-labelledby="language-heading">
      <h2 id="language-heading">{t("heading")}</h2>
      <form onSubmit={submit}>
        <fieldset>
          <legend className="hint">{t("hint")}</legend>
          {LOCALES.map((locale) => (
            <label key={locale} lang={locale} className="inline-choice">
              <input type="radio" name="locale" value={locale} checked={choice === locale} onChange={() => setChoice(locale)} data-testid={`profile-locale-${locale}`} />{" "}
              {LOCALE_NAMES[locale]}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="button button-quiet" disabled={save.isPending}>
          {t("save")}
        </button>
        <p aria-live="polite" className={save.isError ? "error" : "saved"}>
          {save.isSuccess ? t("saved") : save.isError ? t("failed") : ""}
        </p>
      </form>
    </section>
  );
}
