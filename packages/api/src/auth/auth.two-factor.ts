import {
  backupCodeHash,
  decryptSecret,
  looksLikeBackupCode,
  matchTotpStep,
  type ServerKeys,
} from '@praxis/auth';
import type { Executor } from '@praxis/db';
import {
  claimTotpStep,
  countUnusedBackupCodes,
  findTotpCredential,
  type TwoFactorMethod,
  useBackupCode,
} from './auth.two-factor.queries';

export type AcceptedFactor =
  | { method: Exclude<TwoFactorMethod, 'backup'> }
  | { method: 'backup'; remaining: number };

/**
 * Tries a sign-in code against each second factor the user has: the mailed code, a current
 * authenticator code (±1 step, each step once), an unused backup code (used up here). Run it
 * inside the transaction that consumes the challenge, so a refused sign-in spends nothing.
 */
export async function acceptSecondFactor(
  db: Executor,
  keys: Pick<ServerKeys, 'totpSecret' | 'backupCode'>,
  user: { id: string; email2faEnabled: boolean },
  code: string,
  { emailCodeMatches }: { emailCodeMatches: (code: string) => boolean },
): Promise<AcceptedFactor | undefined> {
  if (user.email2faEnabled && emailCodeMatches(code)) return { method: 'email' };
  const credential = await findTotpCredential(db, user.id);
  if (!credential?.enabledAt || !credential.secretEncrypted) return undefined;
  if (/^\d{6}$/.test(code)) {
    const step = matchTotpStep(decryptSecret(keys.totpSecret, credential.secretEncrypted, user.id), code);
    if (step !== null && (await claimTotpStep(db, user.id, step))) return { method: 'totp' };
    return undefined;
  }
  if (
    looksLikeBackupCode(code) &&
    (await useBackupCode(db, user.id, backupCodeHash(keys.backupCode, code)))
  ) {
    return { method: 'backup', remaining: await countUnusedBackupCodes(db, user.id) };
  }
  return undefined;
}
