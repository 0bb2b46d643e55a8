import { randomUUID } from 'node:crypto';
import { createTestOrg, createTestUser } from '@praxis/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../deps';
import { auditActionsOn, clientAdminWithMembers, createTestDeps, errorOf } from '../testing';

let deps: ApiDeps & { close(): Promise<void> };
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(() => deps.close());

const clientAdmin = () => clientAdminWithMembers(deps);
const actionsOn = (targetId: string) => auditActionsOn(deps.db, targetId);

describe('users.bulk', () => {
  it('applies each id on its own and reports per id', async () => {
    const { caller, member, me } = await clientAdmin();
    const a = await member();
    const b = await member({ archivedAt: new Date() });
    const { user: elsewhere } = await createTestUser(deps.db, {
      organizationId: (await createTestOrg(deps.db)).id,
    });
    const missing = randomUUID();
    const { results } = await caller.users.bulk({
      action: 'archive',
      ids: [a.id, b.id, me.id, elsewhere.id, missing, a.id],
    });
    expect(results).toEqual([
      { id: a.id, ok: true },
      { id: b.id, ok: true },
      { id: me.id, ok: false, error: { code: 'FORBIDDEN', message: 'You cannot archive your own account' } },
      { id: elsewhere.id, ok: false, error: { code: 'NOT_FOUND', message: 'User not found' } },
      { id: missing, ok: false, error: { code: 'NOT_FOUND', message: 'User not found' } },
    ]);
    expect(await actionsOn(a.id)).toEqual(['users.archive']);
    expect(await actionsOn(elsewhere.id)).toEqual([]);
  });

  it('refuses more than 500 ids and unknown actions', async () => {
    const { caller } = await clientAdmin();
    const tooMany = Array.from({ length: 501 }, () => randomUUID());
    expect((await errorOf(caller.users.bulk({ action: 'archive', ids: tooMany }))).code).toBe('BAD_REQUEST');
    expect((await errorOf(caller.users.bulk({ action: 'delete' as never, ids: [randomUUID()] }))).code).toBe(
      'BAD_REQUEST',
    );
  });
});
