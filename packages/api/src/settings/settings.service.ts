import { RATE_LIMITS } from '@praxis/auth';
import type { Config } from '@praxis/config';
import { PASSWORD_LINK_TTL_MS } from '../auth/auth.password-links';
import { MAX_CODE_ATTEMPTS } from '../auth/auth.queries';
import { CODE_TTL_MS } from '../auth/auth.sign-in';
import { INVITATION_TTL_MS } from '../invitations/invitations.mail';

const seconds = (ms: number) => Math.round(ms / 1000);

/** The SMTP server's host and port only: the URL may carry a user and password, which never leave. */
function smtpHost(smtpUrl: string | undefined): string | null {
  if (!smtpUrl) return null;
  try {
    return new URL(smtpUrl).host || null;
  } catch {
    return null;
  }
}

/**
 * What the system is configured with, for administrators to read: the environment's non-secret
 * values and the fixed limits of the code. Never a secret (no DATABASE_URL, SMTP credentials,
 * SECRETS_KEY, admin password). Durations are in seconds.
 */
export function currentSettings(config: Config) {
  return {
    environment: config.nodeEnv,
    appUrl: config.appUrl,
    mailFrom: config.mailFrom,
    smtpHost: smtpHost(config.smtpUrl),
    sessionTtlSeconds: Math.round(config.sessionTtlHours * 3600),
    presenceTimeoutSeconds: config.presenceTimeoutSeconds,
    auditRetentionDays: config.auditRetentionDays,
    signup: config.signup,
    requireTwoFactorRoles: config.requireTwoFactorRoles,
    signInCodeTtlSeconds: seconds(CODE_TTL_MS),
    signInCodeMaxAttempts: MAX_CODE_ATTEMPTS,
    passwordResetLinkTtlSeconds: seconds(PASSWORD_LINK_TTL_MS.reset),
    setPasswordLinkTtlSeconds: seconds(PASSWORD_LINK_TTL_MS.set_password),
    invitationTtlSeconds: seconds(INVITATION_TTL_MS),
    rateLimits: Object.entries(RATE_LIMITS).map(([name, limit]) => ({
      name: name as keyof typeof RATE_LIMITS,
      points: limit.points,
      windowSeconds: limit.duration,
      blockSeconds: limit.blockDuration,
    })),
  };
}

export type Settings = ReturnType<typeof currentSettings>;
