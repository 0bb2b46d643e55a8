import { randomUUID } from 'node:crypto';
import { createTestOrg, createTestUser, workerDatabase } from '@praxis/db/testing';
import { describe, expect, it } from 'vitest';
import { currentAccessBlock } from './account-state';

describe('currentAccessBlock', () => {
  it('reads the account and its organisation and answers as accessBlock does', async () => {
    const { db } = (await workerDatabase()).handle;
    const inactiveOrg = await createTestOrg(db, { status: 'inactive' });
    const archivedOrg = await createTestOrg(db, { archivedAt: new Date() });
    const openOrg = await createTestOrg(db);
    const cases = [
      [{}, null],
      [{ organizationId: openOrg.id }, null],
      [{ status: 'suspended', suspendedUntil: new Date(Date.now() - 1000) }, null],
      [{ status: 'inactive' }, 'disabled'],
      [{ status: 'pending' }, 'pending'],
      [{ status: 'suspended' }, 'suspended'],
      [{ status: 'suspended', suspendedUntil: new Date(Date.now() + 3600_000) }, 'suspended'],
      [{ archivedAt: new Date() }, 'archived'],
      [{ effectiveDate: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10) }, 'not_yet_effective'],
      [{ effectiveDate: new Date().toISOString().slice(0, 10) }, null],
      [{ organizationId: inactiveOrg.id }, 'organization_inactive'],
      [{ organizationId: archivedOrg.id }, 'organization_inactive'],
    ] as const;
    for (const [overrides, expected] of cases) {
      const { user } = await createTestUser(db, overrides);
      expect({ overrides, block: await currentAccessBlock(db, user.id) }).toEqual({
        overrides,
        block: expected,
      });
    }
    expect(await currentAccessBlock(db, randomUUID())).toBe('deleted');
  });
});
