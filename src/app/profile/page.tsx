import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ProfileLanguage } from "@/components/profile-language";
import { requireSignedIn } from "@/server/auth/session";
import { mapConfig } from "@/server/config/map-config";
import { AreaAlerts } from "./area-alerts";
import { ProfileDetails } from "./profile-details";
import { ReputationHistory } from "./reputation-history";
import { SignOutEverywhere } from "./sign-out-everywhere";

export async function generateMetadata(): Promise<Metadata> {
  const tMeta = await getTranslations("ProfilePage");
  return { title: tMeta("metaTitle") };
}
export const dynamic = "force-dynamic";

export default async function ProfilePage() {
  await requireSignedIn("/profile");
  const t = await getTranslations("ProfilePage");
  return (
    <section>
      <h1>{t("heading")}</h1>
      <ProfileDetails />
      <ProfileLanguage />
      <AreaAlerts map={mapConfig()} />
      <ReputationHistory />
      <SignOutEverywhere />
    </section>
  );
}
