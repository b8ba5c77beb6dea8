import "server-only";
import { z } from "zod";
import { LOCALES, type Locale } from "@/shared/locales";
import type { Executor } from "../../db/client";
import { schemaMessage } from "../server-messages";

export const localeInput = z.object({ locale: z.enum(LOCALES, { error: schemaMessage("localeInvalid") }) });
export type LocaleInput = z.infer<typeof localeInput>;

/** Saves the language pages and messages use for this account (the NEXT_LOCALE cookie still rules its own browser). */
export async function setUserLocale(db: Executor, userId: string, locale: Locale, now = new Date()): Promise<Locale> {
  await db.updateTable("users").set({ locale, updated_at: now }).where("id", "=", userId).execute();
  return locale;
}

/** The language a message to this person is written in: their saved one, else English. */
export function messageLocale(saved: string | null | undefined): Locale {
  return saved === "hi" ? "hi" : "en";
}

/** The language of a message to this account now (English for an account that is gone). */
export async function findMessageLocale(db: Executor, userId: string): Promise<Locale> {
  const row = await db.selectFrom("users").select("locale").where("id", "=", userId).executeTakeFirst();
  return messageLocale(row?.locale);
}
