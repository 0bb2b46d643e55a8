import {
  BACKUP_CODE_COUNT,
  backupCodeHash,
  decryptSecret,
  encryptSecret,
  matchTotpStep,
  newBackupCode,
  newTotpSecret,
  totpUri,
} from '@praxis/auth';
import type { Executor } from '@praxis/db';
import { enqueueTwoFactorDisabledMail } from '@praxis/jobs';
import QRCode from 'qrcode';
import { recordOwnAccountAudit } from '../audit/audit.queries';
import { AppError, fieldError } from '../errors';
import type { AuthedContext } from '../trpc';
import { assertOwnPassword } from './auth.own-password';
import { MAX_CODE_ATTEMPTS } from './auth.queries';
import {
  countUnusedBackupCodes,
  findTotpCredential,
  removeAuthenticator,
  replaceBackupCodes,
} from './auth.two-factor.queries';

const TOTP_ISSUER = 'Praxis';
/** An enrolment not confirmed within this time must be started again. */
const PENDING_TTL_MS = 15 * 60 * 1000;

const notEnrolled = () =>
  new AppError('BAD_REQUEST', 'Authenticator app sign-in is not on for this account.');

/** Starts (or restarts) an enrolment: nothing changes for sign-in until `confirm`. */
export async function enroll(ctx: AuthedContext, input: { currentPassword: string }) {
  await assertOwnPassword(ctx, input.currentPassword, 'currentPassword');
  const { user } = ctx.session;
  const existing = await findTotpCredential(ctx.db, user.id);
  if (existing?.enabledAt) {
    throw new AppError(
      'CONFLICT',
      'An authenticator app is already set up. Turn it off first to set up another.',
    );
  }
  const secret = newTotpSecret();
  const pending = {
    pendingSecretEncrypted: encryptSecret(ctx.keys.totpSecret, secret, user.id),
    pendingCreatedAt: new Date(),
    pendingAttempts: 0,
    updatedAt: new Date(),
  };
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('totpCredentials')
      .values({ userId: user.id, ...pending })
      .onConflict((oc) => oc.column('userId').doUpdateSet(pending))
      .execute();
    await audit(ctx, tx, 'auth.totp_enroll_started');
  });
  const uri = totpUri(secret, { issuer: TOTP_ISSUER, account: user.email });
  const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { uri, qrSvg };
}

/** Turns the pending enrolment on with a first code from the app; answers the backup codes, once. */
export async function confirm(ctx: AuthedContext, input: { code: string }) {
  const { user } = ctx.session;
  await ctx.rateLimits.consume('codeChecksPerIp', ctx.req.ip ?? 'unknown');
  const row = await findTotpCredential(ctx.db, user.id);
  const live =
    row?.pendingSecretEncrypted &&
    row.pendingCreatedAt &&
    row.pendingCreatedAt.getTime() > Date.now() - PENDING_TTL_MS &&
    row.pendingAttempts < MAX_CODE_ATTEMPTS;
  if (!row?.pendingSecretEncrypted || !live) {
    throw fieldError('code', 'Start the set-up again: there is no authenticator app waiting for a code.');
  }
  const secret = decryptSecret(ctx.keys.totpSecret, row.pendingSecretEncrypted, user.id);
  const step = matchTotpStep(secret, input.code);
  if (step === null) {
    const attempts = row.pendingAttempts + 1;
    await ctx.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('totpCredentials')
        .set({ pendingAttempts: attempts })
        .where('userId', '=', user.id)
        .execute();
      await audit(ctx, tx, 'auth.totp_enroll_failed', { attempts });
    });
    const left = MAX_CODE_ATTEMPTS - attempts;
    throw fieldError(
      'code',
      left > 0
        ? `Wrong code. ${left} ${left === 1 ? 'try' : 'tries'} left.`
        : 'Wrong code. Start the set-up again.',
    );
  }
  const backupCodes = Array.from({ length: BACKUP_CODE_COUNT }, newBackupCode);
  await ctx.db.transaction().execute(async (tx) => {
    const now = new Date();
    const promoted = await tx
      .updateTable('totpCredentials')
      .set({
        secretEncrypted: row.pendingSecretEncrypted,
        enabledAt: now,
        // The code that confirmed cannot sign in too.
        lastUsedStep: step,
        pendingSecretEncrypted: null,
        pendingCreatedAt: null,
        pendingAttempts: 0,
        updatedAt: now,
      })
      .where('userId', '=', user.id)
      .where('pendingSecretEncrypted', '=', row.pendingSecretEncrypted)
      .returning('userId')
      .executeTakeFirst();
    if (!promoted) throw fieldError('code', 'Start the set-up again: the enrolment changed meanwhile.');
    await replaceBackupCodes(tx, user.id, hashAll(ctx, backupCodes));
    await audit(ctx, tx, 'auth.totp_enrolled', { backupCodes: backupCodes.length });
  });
  return { backupCodes };
}

/** Turns the authenticator app off and voids its backup codes. */
export async function disable(ctx: AuthedContext, input: { currentPassword: string }) {
  await assertOwnPassword(ctx, input.currentPassword, 'currentPassword');
  const userId = ctx.actor.id;
  await ctx.db.transaction().execute(async (tx) => {
    if (!(await removeAuthenticator(tx, userId))) return;
    await audit(ctx, tx, 'auth.totp_disabled');
    const { email, firstName, lastName } = ctx.session.user;
    await enqueueTwoFactorDisabledMail(ctx.mailQueue, {
      to: email,
      name: `${firstName} ${lastName}`.trim(),
      method: 'totp',
      change: 'disabled',
    });
  });
  return { ok: true as const };
}

/** A new set of backup codes; the old set stops working at once. */
export async function regenerateBackupCodes(ctx: AuthedContext, input: { currentPassword: string }) {
  await assertOwnPassword(ctx, input.currentPassword, 'currentPassword');
  const userId = ctx.actor.id;
  const backupCodes = Array.from({ length: BACKUP_CODE_COUNT }, newBackupCode);
  await ctx.db.transaction().execute(async (tx) => {
    const credential = await findTotpCredential(tx, userId);
    if (!credential?.enabledAt) throw notEnrolled();
    await replaceBackupCodes(tx, userId, hashAll(ctx, backupCodes));
    await audit(ctx, tx, 'auth.backup_codes_regenerated', { backupCodes: backupCodes.length });
  });
  return { backupCodes };
}

export async function remainingBackupCodes(ctx: AuthedContext) {
  return { remaining: await countUnusedBackupCodes(ctx.db, ctx.actor.id) };
}

const hashAll = (ctx: AuthedContext, codes: string[]) =>
  codes.map((code) => backupCodeHash(ctx.keys.backupCode, code));

const audit = (ctx: AuthedContext, db: Executor, action: string, metadata?: Record<string, unknown>) =>
  recordOwnAccountAudit(db, ctx, action, metadata);
