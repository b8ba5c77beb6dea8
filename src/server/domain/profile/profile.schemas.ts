import "server-only";
import { z } from "zod";

/** Trimmed, lowercased, a syntactically valid address; "" clears the email. */
export const emailInput = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "That email address is too long")
  .refine((v) => v === "" || z.email().safeParse(v).success, "Enter a valid email address, like name@example.com");

export const updateProfileInput = z
  .object({
    name: z.string().trim().max(80, "Keep your name under 80 characters").optional(),
    email: emailInput.optional(),
  })
  .refine((v) => v.name !== undefined || v.email !== undefined, "Change your name or your email");
export type UpdateProfileInput = z.infer<typeof updateProfileInput>;

export const verifyEmailInput = z.object({
  token: z.string({ error: "This verification link is incomplete" }).trim().min(32, "This verification link is incomplete").max(200, "This verification link is not valid"),
});

export const NOTIFICATION_CHOICES = ["auto", "email", "sms", "none"] as const;
export const notificationPrefsInput = z.object({ statusChange: z.enum(NOTIFICATION_CHOICES) });
export type NotificationPrefsInput = z.infer<typeof notificationPrefsInput>;
