import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getServerSession } from "next-auth";
import { authOptions } from "@/server/auth";
import { ProfileDetails } from "./profile-details";
import { ReputationHistory } from "./reputation-history";

export const metadata: Metadata = { title: "Your profile" };
export const dynamic = "force-dynamic";

export default async function ProfilePage() {
  const session = await getServerSession(authOptions);
  if (!session?.user) redirect("/signin?callbackUrl=/profile");
  return (
    <section>
      <h1>Your profile</h1>
      <ProfileDetails />
      <ReputationHistory />
    </section>
  );
}
