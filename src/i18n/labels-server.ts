import "server-only";
import { getTranslations } from "next-intl/server";
import { type Labels, labelsFrom } from "@/lib/labels";

/** The labels in the reader's language, for an async Server Component (`useLabels()` elsewhere). */
export async function getLabels(): Promise<Labels> {
  const t = await getTranslations("Labels");
  return labelsFrom(t);
}
