import type { Executor } from '@praxis/db';
import { type AccessBlock, accessBlock } from './account-access';

/**
 * Why the account with this id could not use a sign-in secret now (see accessBlock), 'deleted'
 * when it no longer exists, or null when it could. For a check made just before sending a mail.
 */
export async function currentAccessBlock(
  db: Executor,
  userId: string,
  now = new Date(),
): Promise<AccessBlock | 'deleted' | null> {
  const row = await db
    .selectFrom('users')
    .leftJoin('organizations', 'organizations.id', 'users.organizationId')
    .select([
      'users.status',
      'users.archivedAt',
      'users.suspendedUntil',
      'users.effectiveDate',
      'organizations.status as orgStatus',
      'organizations.archivedAt as orgArchivedAt',
    ])
    .where('users.id', '=', userId)
    .executeTakeFirst();
  if (!row) return 'deleted';
  const organization = row.orgStatus ? { status: row.orgStatus, archivedAt: row.orgArchivedAt } : null;
  return accessBlock(row, organization, now);
}
