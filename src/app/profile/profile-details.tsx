"use client";

import { useState, type FormEvent } from "react";
import { FieldError, FieldHint, FormError } from "@/components/form/field";
import { useFormErrors } from "@/components/form/use-form-errors";
import { useLabels } from "@/lib/labels";
import { trpc, useErrorMessage } from "@/lib/trpc";
import { useCountdown } from "@/lib/use-countdown";

const FIELDS = ["name", "email"] as const;
const FIELD_IDS = { name: "profile-name", email: "profile-email" };

/** Name, email (with its verification) and how status updates reach the citizen. */
export function ProfileDetails() {
  const { NOTIFICATION_PREF_LABELS } = useLabels();
  const errorMessage = useErrorMessage();
  const utils = trpc.useUtils();
  const me = trpc.profile.me.useQuery();
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [loadedFor, setLoadedFor] = useState<string | null>(null);
  const form = useFormErrors(FIELDS, undefined, FIELD_IDS);
  const [saved, setSaved] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [verifyError, setVerifyError] = useState<string | null>(null);
  const cooldown = useCountdown();

  // Fill the form once the profile arrives (and again if another tab changed it and we refetched).
  const stamp = me.data ? `${me.data.name ?? ""}|${me.data.email ?? ""}` : null;
  if (me.data && stamp !== loadedFor) {
    setLoadedFor(stamp);
    setName(me.data.name ?? "");
    setEmail(me.data.email ?? "");
  }

  const update = trpc.profile.update.useMutation({
    onSuccess(profile) {
      utils.profile.me.setData(undefined, profile);
      form.reset();
      setSaved(true);
    },
    onError(err) {
      form.fromServer({ message: errorMessage(err), data: err.data });
    },
  });
  const sendLink = trpc.profile.sendEmailVerification.useMutation({
    onSuccess(res) {
      setSentTo(res.sentTo);
      setVerifyError(null);
      cooldown.start(res.cooldownSeconds);
    },
    onError(err) {
      setVerifyError(errorMessage(err));
      const retry = (err.data as { retryAfterSeconds?: number | null } | undefined)?.retryAfterSeconds;
      if (retry) cooldown.start(Math.min(retry, 3600));
    },
  });
  const prefs = trpc.profile.setNotificationPrefs.useMutation({
    onSuccess(p) {
      utils.profile.me.setData(undefined, (old) => (old ? { ...old, notificationPrefs: p } : old));
    },
  });

  if (me.error) return <p className="error">{errorMessage(me.error)}</p>;
  if (!me.data) return <p>Loading…</p>;
  const profile = me.data;
  const emailUnsaved = email.trim().toLowerCase() !== (profile.email ?? "");

  function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    update.mutate({ name, email });
  }

  return (
    <>
      <form className="card profile-form" onSubmit={submit} noValidate>
        <h2>Your details</h2>
        <label htmlFor="profile-name">Display name</label>
        <input
          name="name"
          autoComplete="name"
          maxLength={80}
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            setSaved(false);
            form.revalidate("name", null);
          }}
          {...form.describe("name")}
        />
        <FieldError id="profile-name" message={form.errors.name} />

        <label htmlFor="profile-email">
          Email{" "}
          {profile.email &&
            (profile.emailVerified ? (
              <span className="badge badge-verified" data-testid="email-verified">
                Verified
              </span>
            ) : (
              <span className="badge badge-unverified" data-testid="email-unverified">
                Not verified
              </span>
            ))}
        </label>
        <input
          name="email"
          type="email"
          inputMode="email"
          autoComplete="email"
          maxLength={254}
          placeholder="name@example.com"
          value={email}
          onChange={(e) => {
            setEmail(e.target.value);
            setSaved(false);
            form.revalidate("email", null);
          }}
          {...form.describe("email", true)}
        />
        <FieldHint id="profile-email">Used to tell you when the city updates your reports. Changing it asks you to verify the new address.</FieldHint>
        <FieldError id="profile-email" message={form.errors.email} />
        <button className="button" type="submit" disabled={update.isPending}>
          {update.isPending ? "Saving…" : "Save"}
        </button>
        <p className="saved" role="status" data-testid={saved ? "profile-saved" : undefined}>
          {saved ? "Saved." : ""}
        </p>
        <FormError message={form.formError} />
      </form>

      {profile.email && !profile.emailVerified && (
        <div className="card verify-email" data-testid="verify-email-card">
          <p>
            Confirm <strong>{profile.email}</strong> is yours: we will email you a link.
          </p>
          <button
            type="button"
            className="button"
            disabled={sendLink.isPending || cooldown.left > 0 || emailUnsaved}
            onClick={() => sendLink.mutate()}
          >
            {sendLink.isPending ? "Sending…" : cooldown.left > 0 ? `Send again in ${cooldown.left}s` : sentTo ? "Send another link" : "Verify email"}
          </button>
          {emailUnsaved && <p className="hint">Save your new email first.</p>}
          {sentTo && !verifyError && (
            <p className="sent" role="status" data-testid="verification-sent">
              We sent a link to <strong>{sentTo}</strong>. It works once and expires in 24 hours.
            </p>
          )}
          {verifyError && (
            <p className="error" role="alert" data-testid="verification-error">
              {verifyError}
            </p>
          )}
        </div>
      )}

      <div className="card">
        <h2>Report updates</h2>
        <label htmlFor="pref-status-change">When a moderator changes the status of one of your reports</label>
        <select
          id="pref-status-change"
          value={profile.notificationPrefs.statusChange}
          disabled={prefs.isPending}
          onChange={(e) => prefs.mutate({ statusChange: e.target.value as keyof typeof NOTIFICATION_PREF_LABELS })}
        >
          {Object.entries(NOTIFICATION_PREF_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        {prefs.isSuccess && (
          <p className="saved" role="status">
            Saved.
          </p>
        )}
        {prefs.error && (
          <p className="error" role="alert">
            {errorMessage(prefs.error)}
          </p>
        )}
      </div>
    </>
  );
}
