import { z } from "zod";
import { MEMBERSHIP_ROLES, REGISTRABLE_KINDS } from "../organisations";
import { TextBlockSchema, TextLineSchema } from "./text";

/**
 * Commands about people and organisations, shared by the pages' forms and API v1.
 * Messages are codes; the pages translate them (`validation.<code>`), the API returns them as details.
 */
export const EmailSchema = TextLineSchema
  .trim()
  .toLowerCase()
  .min(1, "required")
  .max(254, "too_long")
  .pipe(z.email({ error: "email_invalid" }));

const COMMON_PASSWORDS = new Set(["password123", "1234567890", "qwertyuiop", "password1234", "iloveyou123"]);

export const PasswordSchema = TextLineSchema
  .min(10, "password_too_short")
  .max(200, "too_long")
  .refine((p) => /[A-Za-z]/.test(p) && /\d/.test(p), "password_weak")
  .refine((p) => !COMMON_PASSWORDS.has(p.toLowerCase()), "password_weak");

export const PersonNameSchema = TextLineSchema.trim().min(1, "required").max(120, "too_long");

export const OrganisationDraftSchema = z
  .object({
    name: TextLineSchema.trim().min(2, "too_short").max(200, "too_long"),
    kind: z.enum(REGISTRABLE_KINDS, { error: "kind_invalid" }),
    creditCode: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/, "credit_code_invalid")
      .optional(),
  })
  .strict();

/** An invitation's secret, as the link carries it (the registration form and POST /invitations/accept). */
export const InvitationTokenSchema = TextLineSchema.min(10, "invitation_invalid").max(200, "invitation_invalid");

export const RegisterSchema = z
  .object({
    email: EmailSchema,
    password: PasswordSchema,
    name: PersonNameSchema,
    organisation: OrganisationDraftSchema.optional(),
    invitationToken: InvitationTokenSchema.optional(),
  })
  .strict()
  .refine((v) => Boolean(v.organisation) !== Boolean(v.invitationToken), {
    message: "organisation_or_invitation",
    path: ["organisation"],
  });
export type RegisterCommand = z.infer<typeof RegisterSchema>;

export const LoginSchema = z
  .object({
    email: EmailSchema,
    password: TextLineSchema.min(1, "required").max(200, "too_long"),
  })
  .strict();
export type LoginCommand = z.infer<typeof LoginSchema>;

export const TokenRequestSchema = LoginSchema.extend({
  name: TextLineSchema.trim().min(1, "required").max(80, "too_long").default("API token"),
  /** Which of the user's organisations the token acts for; the earliest membership when omitted. */
  organisationId: z.uuid({ error: "id_invalid" }).optional(),
}).strict();

export const CreateTokenSchema = z.object({ name: TextLineSchema.trim().min(1, "required").max(80, "too_long") }).strict();

export const InviteSchema = z
  .object({ email: EmailSchema, role: z.enum(MEMBERSHIP_ROLES, { error: "role_invalid" }) })
  .strict();
export type InviteCommand = z.infer<typeof InviteSchema>;

export const ChangeRoleSchema = z.object({ role: z.enum(MEMBERSHIP_ROLES, { error: "role_invalid" }) }).strict();

export const RejectSchema = z.object({ reason: TextBlockSchema.trim().min(5, "reason_too_short").max(1000, "too_long") }).strict();

export const IdSchema = z.uuid({ error: "id_invalid" });
