import { randomUUID } from 'node:crypto';
import { createTestOrg, createTestUser } from '@praxis/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorOf } from '../actor';
import { createContext } from '../context';
import type { ApiDeps } from '../deps';
import {
  auditActionsOn,
  callerFor,
  clientAdminWithMembers,
  createTestDeps,
  errorOf,
  fieldErrorsOf,
  isStillSignedIn,
  signedIn,
  withIsolatedDatabase,
} from '../testing';
import type { AuthedContext } from '../trpc';
import { changeLifecycle, deleteUser, suspendUser } from './users.lifecycle';
import { demoteUser } from './users.roles';

let deps: ApiDeps & { close(): Promise<void> };
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(() => deps.close());

const clientAdmin = () => clientAdminWithMembers(deps);
const actionsOn = (targetId: string) => auditActionsOn(deps.db, targetId);
const stillSignedIn = (token: string) => isStillSignedIn(deps, token);

describe('archive, disable and suspend', () => {
  for (const action of ['archive', 'disable', 'suspend'] as const) {
    it(`${action} ends the user's sessions at once, tells realtime after commit, and is audited`, async () => {
      const { me, member } = await clientAdmin();
      const target = await member();
      const { token } = await signedIn(deps, target);
      const sessionIds = (
        await deps.db.selectFrom('sessions').select('publicId').where('userId', '=', target.id).execute()
      ).map((s) => s.publicId);
      const ended: string[] = [];
      const sessionEvents = {
        ended: async (ids: readonly string[]) => {
          // Told only once committed: the sessions are gone for every other connection too.
          const left = await deps.db
            .selectFrom('sessions')
            .select('id')
            .where('userId', '=', target.id)
            .execute();
          if (left.length === 0) ended.push(...ids);
        },
        accessChanged: async () => {},
      };
      const { caller } = await signedIn({ ...deps, sessionEvents }, me);
      await caller.users[action]({ id: target.id });
      expect(ended).toEqual(sessionIds);
      expect(await stillSignedIn(token)).toBe(false);
      expect(await actionsOn(target.id)).toEqual([`users.${action}`]);
    });
  }

  it('archive hides from the list and unarchive brings the user back; repeating either changes nothing', async () => {
    const { caller, member } = await clientAdmin();
    const target = await member();
    const archived = await caller.users.archive({ id: target.id });
    expect(archived.archivedAt).toBeInstanceOf(Date);
    expect(archived.isActive).toBe(false);
    await caller.users.archive({ id: target.id });
    expect((await caller.users.list({})).items.map((u) => u.id)).not.toContain(target.id);
    expect((await caller.users.unarchive({ id: target.id })).archivedAt).toBeNull();
    expect(await actionsOn(target.id)).toEqual(['users.archive', 'users.unarchive']);
  });

  it('suspends until a time, after which the user is active again without any job', async () => {
    const { caller, member } = await clientAdmin();
    const target = await member();
    const until = new Date(Date.now() + 1500);
    const suspended = await caller.users.suspend({ id: target.id, until, reason: 'Review' });
    expect(suspended).toMatchObject({ status: 'suspended', isActive: false, suspendedUntil: until });
    const login = () =>
      callerFor(deps).caller.auth.login({ email: target.email, password: 'correct horse battery staple' });
    expect((await errorOf(login())).code).toBe('UNAUTHORIZED');
    await new Promise((resolve) => setTimeout(resolve, 1600));
    expect(await caller.users.get({ id: target.id })).toMatchObject({
      status: 'active',
      isActive: true,
      suspendedUntil: null,
    });
    expect((await login()).status).toBe('authenticated');
  });

  it('refuses a suspension ending in the past (BAD_REQUEST on until) and suspending a disabled user', async () => {
    const { caller, member } = await clientAdmin();
    const target = await member();
    const past = await errorOf(caller.users.suspend({ id: target.id, until: new Date(Date.now() - 1000) }));
    expect(past.code).toBe('BAD_REQUEST');
    expect(fieldErrorsOf(past).until).toBeDefined();
    await caller.users.disable({ id: target.id });
    expect((await errorOf(caller.users.suspend({ id: target.id }))).code).toBe('CONFLICT');
  });

  it('unsuspend, enable and approve bring users back as the status says', async () => {
    const { caller, member } = await clientAdmin();
    const suspended = await member({ status: 'suspended' });
    expect((await caller.users.unsuspend({ id: suspended.id })).status).toBe('active');
    const disabled = await member({ status: 'inactive' });
    expect((await caller.users.enable({ id: disabled.id })).isActive).toBe(true);
    const pending = await member({ status: 'pending' });
    expect((await errorOf(caller.users.enable({ id: pending.id }))).code).toBe('CONFLICT');
    const approved = await caller.users.approve({ id: pending.id });
    expect(approved.status).toBe('active');
    expect(approved.approvedAt).toBeInstanceOf(Date);
  });

  it('nobody archives, disables, suspends or deletes themselves', async () => {
    const { caller, me } = await clientAdmin();
    for (const call of [caller.users.archive, caller.users.disable, caller.users.suspend]) {
      expect((await errorOf(call({ id: me.id }))).code).toBe('FORBIDDEN');
    }
    const { user: admin } = await createTestUser(deps.db, { roles: ['admin'] });
    const { caller: adminCaller } = await signedIn(deps, admin);
    expect((await errorOf(adminCaller.users.delete({ id: admin.id }))).code).toBe('FORBIDDEN');
  });
});

describe('users.delete', () => {
  it('deletes permanently (admin only); the audit log keeps the id', async () => {
    const { member } = await clientAdmin();
    const target = await member();
    await signedIn(deps, target);
    const { user: admin } = await createTestUser(deps.db, { roles: ['admin'] });
    const { caller } = await signedIn(deps, admin);
    expect(await caller.users.delete({ id: target.id })).toEqual({ ok: true });
    expect((await errorOf(caller.users.get({ id: target.id }))).code).toBe('NOT_FOUND');
    expect(await actionsOn(target.id)).toEqual(['users.delete']);
  });
});

describe('the last active admin', () => {
  /** An admin context that is not itself a user (a script, say), so the target really is the last admin. */
  function systemAdmin(on: ApiDeps): AuthedContext {
    const req = {
      requestId: randomUUID(),
      ip: null,
      userAgent: null,
      cookie: null,
      authorization: null,
      resHeaders: new Headers(),
      logger: on.logger,
    };
    return {
      ...createContext(on, req),
      actor: actorOf({ id: randomUUID(), roles: ['admin'], organizationId: null }),
      session: {} as never,
    };
  }

  it('cannot be demoted, disabled, suspended, archived or deleted (CONFLICT); other admins do not count unless active', async () => {
    const isolated = await withIsolatedDatabase(deps);
    try {
      const { user: last } = await createTestUser(isolated.db, { roles: ['admin'] });
      await createTestUser(isolated.db, { roles: ['admin'], archivedAt: new Date() });
      await createTestUser(isolated.db, { roles: ['admin'], status: 'inactive' });
      await createTestUser(isolated.db, { roles: ['admin'], status: 'suspended' });
      const ctx = systemAdmin(isolated);
      for (const attempt of [
        () => demoteUser(ctx, { id: last.id, role: 'admin' }),
        () => changeLifecycle(ctx, last.id, 'disable'),
        () => changeLifecycle(ctx, last.id, 'archive'),
        () => suspendUser(ctx, { id: last.id }),
        () => deleteUser(ctx, last.id),
      ]) {
        expect((await errorOf(attempt())).code).toBe('CONFLICT');
      }
      expect(await isolated.db.selectFrom('auditEvents').select('id').execute()).toEqual([]);
      // A lapsed suspension is active: with that admin back, the first one may go.
      await createTestUser(isolated.db, {
        roles: ['admin'],
        status: 'suspended',
        suspendedUntil: new Date(Date.now() - 1000),
      });
      expect((await changeLifecycle(ctx, last.id, 'disable')).status).toBe('inactive');
    } finally {
      await isolated.close();
    }
  });

  it('does not count admins of a deactivated or archived organisation, who may go themselves', async () => {
    const isolated = await withIsolatedDatabase(deps);
    try {
      const { user: last } = await createTestUser(isolated.db, { roles: ['admin'] });
      const closed = await createTestOrg(isolated.db, { status: 'inactive' });
      const archived = await createTestOrg(isolated.db, { archivedAt: new Date() });
      const { user: inClosed } = await createTestUser(isolated.db, {
        roles: ['admin'],
        organizationId: closed.id,
      });
      const { user: inArchived } = await createTestUser(isolated.db, {
        roles: ['admin', 'staff'],
        organizationId: archived.id,
      });
      const ctx = systemAdmin(isolated);
      for (const attempt of [
        () => demoteUser(ctx, { id: last.id, role: 'admin' }),
        () => changeLifecycle(ctx, last.id, 'archive'),
        () => deleteUser(ctx, last.id),
      ]) {
        expect((await errorOf(attempt())).code).toBe('CONFLICT');
      }
      // They cannot sign in, so they are not the admins the rule protects.
      expect((await changeLifecycle(ctx, inClosed.id, 'archive')).archivedAt).not.toBeNull();
      expect((await demoteUser(ctx, { id: inArchived.id, role: 'admin' })).roles).toEqual(['staff']);
    } finally {
      await isolated.close();
    }
  });

  it('two admins disabling each other at once: exactly one wins, the other gets CONFLICT', async () => {
    const isolated = await withIsolatedDatabase(deps);
    try {
      const { user: a } = await createTestUser(isolated.db, { roles: ['admin'] });
      const { user: b } = await createTestUser(isolated.db, { roles: ['admin'] });
      const [callerA, callerB] = await Promise.all([signedIn(isolated, a), signedIn(isolated, b)]);
      const outcomes = await Promise.allSettled([
        callerA.caller.users.disable({ id: b.id }),
        callerB.caller.users.disable({ id: a.id }),
      ]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const rejected = outcomes.find((o) => o.status === 'rejected');
      expect((rejected as PromiseRejectedResult).reason.code).toBe('CONFLICT');
    } finally {
      await isolated.close();
    }
  });
});

describe('accounts with privileged roles', () => {
  it('a client admin cannot archive, disable or edit an admin of their organisation', async () => {
    const { caller, org } = await clientAdmin();
    const { user: admin } = await createTestUser(deps.db, { roles: ['admin'], organizationId: org.id });
    expect((await errorOf(caller.users.archive({ id: admin.id }))).code).toBe('FORBIDDEN');
    expect((await errorOf(caller.users.disable({ id: admin.id }))).code).toBe('FORBIDDEN');
    expect((await errorOf(caller.users.update({ id: admin.id, patch: { firstName: 'X' } }))).code).toBe(
      'FORBIDDEN',
    );
  });
});
