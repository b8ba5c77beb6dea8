"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { FormError } from "@/components/form/field";
import { trpc, useErrorMessage } from "@/lib/trpc";

/** Which bodies' reports a moderator works: none chosen means every report, as before bodies existed. */
export function ModeratorBodies({ userId }: { userId: string }) {
  const t = useTranslations("ModeratorBodies");
  const errorMessage = useErrorMessage();
  const bodies = trpc.admin.bodies.useQuery();
  const current = trpc.admin.moderatorBodies.useQuery({ userId });
  const [edited, setChosen] = useState<string[] | null>(null);
  // What the admin has ticked, else what is saved.
  const chosen = edited ?? current.data?.bodyIds ?? null;
  const utils = trpc.useUtils();
  const setBodies = trpc.admin.setModeratorBodies.useMutation({
    onSuccess() {
      void utils.admin.moderatorBodies.invalidate({ userId });
    },
  });
  if (!bodies.data || !chosen) return null;
  if (bodies.data.length === 0) return <p className="muted">{t("noBodies")}</p>;

  return (
    <fieldset className="moderator-bodies" data-testid="moderator-bodies">
      <legend>{t("legend")}</legend>
      <p className="hint">{chosen.length ? t("limited", { count: chosen.length }) : t("everything")}</p>
      {bodies.data.map((b) => (
        <label key={b.id} className="checkbox">
          <input
            type="checkbox"
            checked={chosen.includes(b.id)}
            onChange={(e) => setChosen(e.target.checked ? [...chosen, b.id] : chosen.filter((id) => id !== b.id))}
          />{" "}
          {b.name}
        </label>
      ))}
      <button type="button" className="button button-small" disabled={setBodies.isPending} onClick={() => setBodies.mutate({ userId, bodyIds: chosen })}>
        {setBodies.isPending ? t("saving") : t("save")}
      </button>
      {setBodies.error && <FormError message={errorMessage(setBodies.error)} />}
      {setBodies.isSuccess && <p role="status" className="points-plus">{t("saved")}</p>}
    </fieldset>
  );
}
