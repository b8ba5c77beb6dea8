import "server-only";
import { z } from "zod";
import { schemaMessage } from "../server-messages";

/** Trimmed, lowercased, a syntactically valid address; "" clears the email. */
export const emailInput = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, schemaMessage("emailLong"))
  .refine((v) => v === "" || z.email().safeParse(v).success, schemaMessage("emailInvalid"));

export const updateProfileInput = z
  .object({
    name: z.string().trim().max(80, schemaMessage("nameLong")).optional(),
    email: emailInput.optional(),
  })
  .refine((v) => v.name !== undefined || v.email !== undefined, "Change your name or your email");
export type UpdateProfileInput = z.infer<typeof updateProfileInput>;

export const verifyEmailInput = z.object({
  token: z.string({ error: schemaMessage("verificationLinkIncomplete") }).trim().min(32, schemaMessage("verificationLinkIncomplete")).max(200, schemaMessage("verificationLinkInvalid")),
});

export const NOTIFICATION_CHOICES = ["auto", "email", "sms", "none"] as const;
export const notificationPrefsInput = z.object({ statusChange: z.enum(NOTIFICATION_CHOICES) });
export type NotificationPrefsInput = z.infer<typeof notificationPrefsInput>;
