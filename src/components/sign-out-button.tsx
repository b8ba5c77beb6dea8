"use client";

import { signOut } from "next-auth/react";
import { useState } from "react";
import { useHydrated } from "@/lib/use-hydrated";

export function SignOutButton() {
  const hydrated = useHydrated();
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      className="button button-small button-quiet"
      disabled={!hydrated || pending}
      onClick={() => {
        setPending(true);
        void signOut({ callbackUrl: "/" }).catch(() => setPending(false));
      }}
    >
      {pending ? "Signing out…" : "Sign out"}
    </button>
  );
}
