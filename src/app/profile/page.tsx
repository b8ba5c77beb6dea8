import type { Metadata } from "next";
import { ProfileLanguage } from "@/components/profile-language";
import { requireSignedIn } from "@/server/auth/session";
import { ProfileDetails } from "./profile-details";
import { ReputationHistory } from "./reputation-history";
import { SignOutEverywhere } from "./sign-out-everywhere";

export const metadata: Metadata = { title: "Your profile" };
export const dynamic = "force-dynamic";

export default async function ProfilePage() {
  await requireSignedIn("/profile");
  return (
    <section>
      <h1>Your profile</h1>
      <ProfileDetails />
      <ProfileLanguage />
      <ReputationHistory />
      <SignOutEverywhere />
    </section>
  );
}
