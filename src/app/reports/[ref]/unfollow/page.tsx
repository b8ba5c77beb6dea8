import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { UnfollowLink } from "./unfollow-link";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("Unfollow");
  return { title: t("heading") };
}
export const dynamic = "force-dynamic";

/** The page an unfollow link in a message opens: it says what it will do, and does it on a button (mail scanners only open links). */
export default async function UnfollowPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  return (
    <section className="narrow">
      <UnfollowLink token={typeof token === "string" ? token : ""} />
    </section>
  );
}
