import type { Executor } from '@praxis/db';
import { sql } from 'kysely';

export const TWO_FACTOR_METHODS = ['email', 'totp', 'backup'] as const;
export type TwoFactorMethod = (typeof TWO_FACTOR_METHODS)[number];

export function findTotpCredential(db: Executor, userId: string) {
  return db.selectFrom('totpCredentials').selectAll().where('userId', '=', userId).executeTakeFirst();
}

export async function countUnusedBackupCodes(db: Executor, userId: string): Promise<number> {
  const row = await db
    .selectFrom('backupCodes')
    .select(sql<number>`count(*)::int`.as('remaining'))
    .where('userId', '=', userId)
    .where('usedAt', 'is', null)
    .executeTakeFirstOrThrow();
  return row.remaining;
}

/** How many unused backup codes the user has: a sub-select of a query over `users`. */
export const unusedBackupCodesOfUser = (db: Executor) =>
  db
    .selectFrom('backupCodes')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('backupCodes.userId', '=', sql.ref<string>('users.id'))
    .where('backupCodes.usedAt', 'is', null);

/**
 * The second factors a user can sign in with, in the contract's order. `totpEnabled`, when the
 * caller already knows it (a session's lookup reads it), spares the query for users without an
 * authenticator app: only its backup codes need one.
 */
export async function twoFactorMethods(
  db: Executor,
  user: { id: string; email2faEnabled: boolean },
  totpEnabled?: boolean,
): Promise<TwoFactorMethod[]> {
  if (totpEnabled === false) return methodsOf(user, { totpEnabled, backupCodesLeft: 0 });
  const row = await db
    .selectFrom('users')
    .leftJoin('totpCredentials', 'totpCredentials.userId', 'users.id')
    .select(['totpCredentials.enabledAt', unusedBackupCodesOfUser(db).as('backupCodesLeft')])
    .where('users.id', '=', user.id)
    .executeTakeFirst();
  return methodsOf(user, {
    totpEnabled: Boolean(row?.enabledAt),
    backupCodesLeft: Number(row?.backupCodesLeft ?? 0),
  });
}

/** The second factors, from what is known of them: backup codes count with an authenticator app only. */
export function methodsOf(
  user: { email2faEnabled: boolean },
  { totpEnabled, backupCodesLeft }: { totpEnabled: boolean; backupCodesLeft: number },
): TwoFactorMethod[] {
  const methods: TwoFactorMethod[] = [];
  if (user.email2faEnabled) methods.push('email');
  if (totpEnabled) methods.push('totp');
  if (totpEnabled && backupCodesLeft > 0) methods.push('backup');
  return methods;
}

/**
 * Records `step` as used if it is later than the last one used; false when this step (or a
 * later one) was already taken, so the same code never works twice, even in a race.
 */
export async function claimTotpStep(db: Executor, userId: string, step: number): Promise<boolean> {
  const row = await db
    .updateTable('totpCredentials')
    .set({ lastUsedStep: step, updatedAt: new Date() })
    .where('userId', '=', userId)
    .where('enabledAt', 'is not', null)
    .where((eb) => eb.or([eb('lastUsedStep', 'is', null), eb('lastUsedStep', '<', step)]))
    .returning('userId')
    .executeTakeFirst();
  return Boolean(row);
}

/** Marks an unused backup code used; false when there is no such unused code. */
export async function useBackupCode(db: Executor, userId: string, codeHash: string): Promise<boolean> {
  const row = await db
    .updateTable('backupCodes')
    .set({ usedAt: new Date() })
    .where('userId', '=', userId)
    .where('codeHash', '=', codeHash)
    .where('usedAt', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return Boolean(row);
}

/** Replaces every backup code of the user (used or not) with the given hashes. */
export async function replaceBackupCodes(db: Executor, userId: string, codeHashes: string[]) {
  await db.deleteFrom('backupCodes').where('userId', '=', userId).execute();
  await db
    .insertInto('backupCodes')
    .values(codeHashes.map((codeHash) => ({ userId, codeHash })))
    .execute();
}

/**
 * Deletes the user's authenticator app (active or pending) and its backup codes; answers whether
 * an active one was removed.
 */
export async function removeAuthenticator(db: Executor, userId: string): Promise<boolean> {
  const removed = await db
    .deleteFrom('totpCredentials')
    .where('userId', '=', userId)
    .returning('enabledAt')
    .executeTakeFirst();
  await db.deleteFrom('backupCodes').where('userId', '=', userId).execute();
  return Boolean(removed?.enabledAt);
}
