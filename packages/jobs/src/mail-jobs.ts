import { z } from 'zod';

export const MAIL_QUEUE = 'mail' as const;

const recipient = { to: z.email(), name: z.string().max(300) };
const expiresAt = z.iso.datetime();

/** One payload schema per mail kind; the worker parses with these before sending. */
export const mailJobSchemas = {
  'two-factor-code': z.object({ ...recipient, code: z.string().regex(/^\d{6}$/), expiresAt }),
  // userId: the worker checks, just before sending, that the account could still use the link.
  'password-reset': z.object({ ...recipient, userId: z.uuid(), token: z.string().min(20), expiresAt }),
  'set-password': z.object({ ...recipient, userId: z.uuid(), token: z.string().min(20), expiresAt }),
  // Self-service sign-up: the account is pending, so only the link's expiry is checked.
  'confirm-email': z.object({ ...recipient, token: z.string().min(20), expiresAt }),
  // Someone tried to register an address that already has an account: tell its owner, no link.
  'registration-notice': z.object({ ...recipient }),
  // userId: sent only if the account can still sign in when the mail goes out.
  'account-approved': z.object({ ...recipient, userId: z.uuid() }),
  invitation: z.object({
    ...recipient,
    token: z.string().min(20),
    expiresAt,
    organizationName: z.string().nullable(),
    inviterName: z.string(),
  }),
} as const;

export type MailKind = keyof typeof mailJobSchemas;
export type MailPayload<K extends MailKind> = z.infer<(typeof mailJobSchemas)[K]>;
export const MAIL_KINDS = Object.keys(mailJobSchemas) as MailKind[];
