"use client";

import { usePathname } from "next/navigation";
import { LOCALE_NAMES, LOCALES, type Locale } from "@/shared/locales";

/**
 * Offers the other language. A plain form POST to /api/locale, which sets the NEXT_LOCALE cookie,
 * saves the choice on the account when signed in, and sends the browser back here: it works before
 * (and without) JavaScript. The page to come back to is this one, with its query when the browser
 * runs scripts. The page's language and the button's title come from the server-rendered header.
 */
export function LocaleSwitcher({ current, title }: { current: Locale; title: string }) {
  const pathname = usePathname();
  const other = LOCALES.find((l) => l !== current) ?? current;
  return (
    <form
      method="post"
      action="/api/locale"
      className="locale-switcher"
      onSubmit={(e) => {
        const returnTo = e.currentTarget.elements.namedItem("returnTo");
        if (returnTo instanceof HTMLInputElement) returnTo.value = `${window.location.pathname}${window.location.search}`;
      }}
    >
      <input type="hidden" name="returnTo" value={pathname ?? "/"} />
      <button
        type="submit"
        name="locale"
        value={other}
        lang={other}
        className="button button-small button-quiet"
        title={title}
        data-testid="locale-switch"
      >
        {LOCALE_NAMES[other]}
      </button>
    </form>
  );
}
