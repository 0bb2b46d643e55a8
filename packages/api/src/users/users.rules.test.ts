import type { Role } from '@praxis/db';
import { createTestOrg, createTestUser, uniqueEmail } from '@praxis/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../deps';
import { createTestDeps, errorOf, fieldErrorsOf, signedIn, withIsolatedDatabase } from '../testing';

// Each account rule through both write paths of a user row: the users.* procedures and
// profiles.upsert. A refused call changes nothing: not the row, not the addresses, no audit event.

let deps: ApiDeps & { close(): Promise<void> };
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(() => deps.close());

async function member(roles: Role[], organizationId: string | null) {
  const { user } = await createTestUser(deps.db, { roles, organizationId });
  return { user, ...(await signedIn(deps, user)) };
}

/** What a write could have changed about a user. */
async function stateOf(userId: string) {
  const row = await deps.db
    .selectFrom('users')
    .select(['email', 'username', 'firstName', 'roles', 'organizationId'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  const addresses = await deps.db
    .selectFrom('userAddresses')
    .select('id')
    .where('userId', '=', userId)
    .execute();
  const events = await deps.db
    .selectFrom('auditEvents')
    .select('action')
    .where('targetId', '=', userId)
    .execute();
  return { ...row, addresses: addresses.length, events: events.map((e) => e.action) };
}

describe('holder rule: only an admin changes an admin or support account', () => {
  for (const held of ['admin', 'support'] as const) {
    it(`a client admin cannot take over a ${held} of their clinic through either path`, async () => {
      const org = await createTestOrg(deps.db);
      const { caller } = await member(['client_admin'], org.id);
      const { user: target } = await createTestUser(deps.db, { roles: [held], organizationId: org.id });
      const before = await stateOf(target.id);
      const takeovers = [
        { personal: { email: uniqueEmail('taken-over') } },
        { personal: { userloginname: `owned${target.id.slice(0, 8)}` } },
        { personal: { firstName: 'Owned' }, addresses: [{ addressLine1: '1 Attacker Rd' }] },
        { account: { isOrgAdmin: true } },
        { professional: { role: 'provider' as const } },
      ];
      for (const sections of takeovers) {
        const error = await errorOf(caller.profiles.upsert({ userId: target.id, ...sections }));
        expect({ sections, code: error.code }).toEqual({ sections, code: 'FORBIDDEN' });
      }
      for (const patch of [{ email: uniqueEmail('taken-over') }, { username: 'owned.name' }]) {
        expect((await errorOf(caller.users.update({ id: target.id, patch }))).code).toBe('FORBIDDEN');
      }
      expect((await errorOf(caller.users.promote({ id: target.id, role: 'provider' }))).code).toBe(
        'FORBIDDEN',
      );
      expect(await stateOf(target.id)).toEqual(before);
    });
  }

  it('an admin changes an admin account through either path', async () => {
    const { caller } = await member(['admin'], null);
    const { user: target } = await createTestUser(deps.db, { roles: ['admin'] });
    const email = uniqueEmail('by-admin');
    await caller.profiles.upsert({ userId: target.id, personal: { email }, account: { isOrgAdmin: true } });
    expect(await stateOf(target.id)).toMatchObject({ email, roles: ['admin', 'client_admin'] });
    expect((await caller.users.update({ id: target.id, patch: { firstName: 'Changed' } })).firstName).toBe(
      'Changed',
    );
  });

  it('everyone edits their own profile, support and admins included', async () => {
    for (const roles of [['support'], ['admin']] as Role[][]) {
      const { user, caller } = await member(roles, null);
      await caller.profiles.upsert({ userId: user.id, personal: { firstName: 'Me' } });
      expect((await stateOf(user.id)).firstName).toBe('Me');
    }
  });
});

describe('grant rule: a role is granted or removed only by who may grant it', () => {
  it('a supervisor cannot make themself org admin or change their role, by profile or by promote', async () => {
    const org = await createTestOrg(deps.db);
    const { user, caller } = await member(['supervisor'], org.id);
    const before = await stateOf(user.id);
    for (const sections of [
      { account: { isOrgAdmin: true } },
      { professional: { role: 'provider' as const } },
    ]) {
      expect((await errorOf(caller.profiles.upsert({ userId: user.id, ...sections }))).code).toBe(
        'FORBIDDEN',
      );
    }
    expect((await errorOf(caller.users.promote({ id: user.id, role: 'client_admin' }))).code).toBe(
      'FORBIDDEN',
    );
    expect(await stateOf(user.id)).toEqual(before);
  });

  it('a client admin grants other roles in their organisation by profile and by promote, never admin', async () => {
    const org = await createTestOrg(deps.db);
    const { caller } = await member(['client_admin'], org.id);
    const { user: target } = await createTestUser(deps.db, { roles: ['staff'], organizationId: org.id });
    await caller.profiles.upsert({ userId: target.id, account: { isOrgAdmin: true } });
    await caller.users.promote({ id: target.id, role: 'billing' });
    expect((await stateOf(target.id)).roles).toEqual(['staff', 'client_admin', 'billing']);
    expect((await errorOf(caller.users.promote({ id: target.id, role: 'admin' }))).code).toBe('FORBIDDEN');
    const viaProfile = await errorOf(
      caller.profiles.upsert({ userId: target.id, professional: { role: 'admin' as never } }),
    );
    expect(viaProfile.code).toBe('BAD_REQUEST');
  });
});

describe('move rule: moving a user takes the right to write users where they are and where they go', () => {
  it('a client admin cannot move a member to another organisation by either path', async () => {
    const [org, other] = [await createTestOrg(deps.db), await createTestOrg(deps.db)];
    const { caller } = await member(['client_admin'], org.id);
    const { user: target } = await createTestUser(deps.db, { organizationId: org.id });
    const before = await stateOf(target.id);
    for (const organizationId of [other.id, null]) {
      expect((await errorOf(caller.users.update({ id: target.id, patch: { organizationId } }))).code).toBe(
        'FORBIDDEN',
      );
      const viaProfile = await errorOf(
        caller.profiles.upsert({ userId: target.id, account: { orgid: organizationId } }),
      );
      expect(viaProfile.code).toBe('FORBIDDEN');
    }
    expect(await stateOf(target.id)).toEqual(before);
  });

  it('an admin moves by either path; an unknown organisation is a field error on each', async () => {
    const [from, to] = [await createTestOrg(deps.db), await createTestOrg(deps.db)];
    const { caller } = await member(['admin'], null);
    const { user: target } = await createTestUser(deps.db, { organizationId: from.id });
    await caller.profiles.upsert({ userId: target.id, account: { orgid: to.id } });
    expect((await stateOf(target.id)).organizationId).toBe(to.id);
    await caller.users.update({ id: target.id, patch: { organizationId: from.id } });
    expect((await stateOf(target.id)).organizationId).toBe(from.id);
    const unknown = crypto.randomUUID();
    const viaUsers = await errorOf(
      caller.users.update({ id: target.id, patch: { organizationId: unknown } }),
    );
    const viaProfile = await errorOf(
      caller.profiles.upsert({ userId: target.id, account: { orgid: unknown } }),
    );
    expect(fieldErrorsOf(viaUsers)).toEqual({ 'patch.organizationId': ['No such organisation'] });
    expect(fieldErrorsOf(viaProfile)).toEqual({ 'account.orgid': ['No such organisation'] });
  });
});

describe('self rule: nobody removes their own admin role', () => {
  it('a client admin keeps client_admin, by profile and by demote', async () => {
    const org = await createTestOrg(deps.db);
    const { user, caller } = await member(['client_admin', 'staff'], org.id);
    const viaProfile = await errorOf(
      caller.profiles.upsert({ userId: user.id, account: { isOrgAdmin: false } }),
    );
    const viaDemote = await errorOf(caller.users.demote({ id: user.id, role: 'client_admin' }));
    expect([viaProfile.code, viaDemote.code]).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    expect(viaProfile.message).toBe(viaDemote.message);
    expect((await stateOf(user.id)).roles).toEqual(['client_admin', 'staff']);
  });

  it('an admin keeps admin: demote refuses, and a profile has no way to remove it', async () => {
    const { user, caller } = await member(['admin', 'client_admin'], null);
    expect((await errorOf(caller.users.demote({ id: user.id, role: 'admin' }))).code).toBe('FORBIDDEN');
    await caller.profiles.upsert({ userId: user.id, professional: { role: 'provider' } });
    expect((await stateOf(user.id)).roles).toEqual(['admin', 'client_admin', 'provider']);
  });
});

describe('last-admin rule', () => {
  // users.demote of the last active admin is CONFLICT (users.lifecycle.test.ts). A profile cannot
  // name admin at all, and its write runs the same check: the last admin's profile keeps admin.
  it('the last active admin changes their profile roles and stays an admin', async () => {
    const isolated = await withIsolatedDatabase(deps);
    try {
      const { user: last } = await createTestUser(isolated.db, { roles: ['admin', 'staff'] });
      const { caller } = await signedIn(isolated, last);
      await caller.profiles.upsert({
        userId: last.id,
        account: { isOrgAdmin: true },
        professional: { role: 'provider' },
      });
      const { roles } = await isolated.db
        .selectFrom('users')
        .select('roles')
        .where('id', '=', last.id)
        .executeTakeFirstOrThrow();
      expect(roles).toEqual(['admin', 'provider', 'client_admin']);
    } finally {
      await isolated.close();
    }
  });

  it('the last active admin cannot be moved into a deactivated organisation, by either path', async () => {
    const isolated = await withIsolatedDatabase(deps);
    try {
      const { user: last } = await createTestUser(isolated.db, { roles: ['admin'] });
      const closed = await createTestOrg(isolated.db, { status: 'inactive' });
      const { caller } = await signedIn(isolated, last);
      const viaUpdate = await errorOf(
        caller.users.update({ id: last.id, patch: { organizationId: closed.id } }),
      );
      const viaProfile = await errorOf(
        caller.profiles.upsert({ userId: last.id, account: { orgid: closed.id } }),
      );
      expect([viaUpdate.code, viaProfile.code]).toEqual(['CONFLICT', 'CONFLICT']);
      const row = await isolated.db
        .selectFrom('users')
        .select('organizationId')
        .where('id', '=', last.id)
        .executeTakeFirstOrThrow();
      expect(row.organizationId).toBeNull();
    } finally {
      await isolated.close();
    }
  });
});
