import { createTestUser } from '@praxis/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../deps';
import { auditActionsOn, clientAdminWithMembers, createTestDeps, errorOf, signedIn } from '../testing';

let deps: ApiDeps & { close(): Promise<void> };
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(() => deps.close());

const clientAdmin = () => clientAdminWithMembers(deps);
const actionsOn = (targetId: string) => auditActionsOn(deps.db, targetId);

describe('roles', () => {
  it('promote adds and demote removes a role of the set; a client admin may not grant admin or support', async () => {
    const { caller, member } = await clientAdmin();
    const target = await member({ roles: ['staff'] });
    expect((await caller.users.promote({ id: target.id, role: 'provider' })).roles).toEqual([
      'staff',
      'provider',
    ]);
    expect((await caller.users.demote({ id: target.id, role: 'staff' })).roles).toEqual(['provider']);
    expect((await errorOf(caller.users.promote({ id: target.id, role: 'admin' }))).code).toBe('FORBIDDEN');
    expect((await errorOf(caller.users.promote({ id: target.id, role: 'support' }))).code).toBe('FORBIDDEN');
    expect((await errorOf(caller.users.demote({ id: target.id, role: 'provider' }))).code).toBe('CONFLICT');
    expect((await errorOf(caller.users.promote({ id: target.id, role: 'superuser' as never }))).code).toBe(
      'BAD_REQUEST',
    );
    expect(await actionsOn(target.id)).toEqual(['users.promote', 'users.demote']);
  });

  it('nobody removes their own admin role', async () => {
    const { user: admin } = await createTestUser(deps.db, { roles: ['admin', 'staff'] });
    const { caller } = await signedIn(deps, admin);
    expect((await errorOf(caller.users.demote({ id: admin.id, role: 'admin' }))).code).toBe('FORBIDDEN');
  });
});
