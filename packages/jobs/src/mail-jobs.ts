import { z } from 'zod';

export const MAIL_QUEUE = 'mail' as const;

const recipient = { to: z.email(), name: z.string().max(300) };
const expiresAt = z.iso.datetime();
const at = z.iso.datetime();

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
  // Security notices (issue 14): they tell the account's owner what happened, hold no secret and
  // never expire. `at`: when it happened.
  'password-changed': z.object({ ...recipient, at }),
  /** To the OLD address: the account moved away from it. */
  'email-changed': z.object({ ...recipient, newEmail: z.email(), at }),
  'new-sign-in': z.object({
    ...recipient,
    userAgent: z.string().max(1000).nullable(),
    ipPrefix: z.string().max(64).nullable(),
    at,
  }),
  'impersonation-started': z.object({
    ...recipient,
    impersonatorName: z.string().max(300),
    impersonatorEmail: z.email(),
    reason: z.string().min(1).max(500),
    expiresAt,
    at,
  }),
  /** A 2FA method turned off by the user, or reset by an administrator. */
  'two-factor-disabled': z.object({
    ...recipient,
    method: z.enum(['email', 'totp', 'all']),
    change: z.enum(['disabled', 'reset']),
    at,
  }),
  'backup-code-used': z.object({ ...recipient, remaining: z.int().min(0).max(100), at }),
} as const;

/** The mail kinds that notify an account's owner of a security change. */
export const SECURITY_NOTICE_KINDS = [
  'password-changed',
  'email-changed',
  'new-sign-in',
  'impersonation-started',
  'two-factor-disabled',
  'backup-code-used',
] as const satisfies readonly (keyof typeof mailJobSchemas)[];
export type SecurityNoticeKind = (typeof SECURITY_NOTICE_KINDS)[number];

export type MailKind = keyof typeof mailJobSchemas;
export type MailPayload<K extends MailKind> = z.infer<(typeof mailJobSchemas)[K]>;
export const MAIL_KINDS = Object.keys(mailJobSchemas) as MailKind[];
