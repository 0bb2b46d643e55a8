import { randomUUID } from 'node:crypto';
import type { Role } from '@praxis/db';
import { createTestOrg, createTestUser } from '@praxis/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../context';
import type { ApiDeps } from '../deps';
import { createTestDeps, errorOf } from '../testing';
import type { AuthedContext } from '../trpc';
import { updateUserAccess } from './users.access-update';

// The service without tRPC: fields, role and enable/disable in one transaction.
let deps: ApiDeps & { close(): Promise<void> };
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(() => deps.close());

async function contextOf(roles: Role[], organizationId: string | null): Promise<AuthedContext> {
  const { user } = await createTestUser(deps.db, { roles, organizationId });
  const req = {
    requestId: randomUUID(),
    ip: null,
    userAgent: null,
    cookie: null,
    authorization: null,
    resHeaders: new Headers(),
    logger: deps.logger,
  };
  return {
    ...createContext(deps, req),
    actor: { id: user.id, roles, organizationId },
    session: {} as never,
  };
}

const auditOf = (targetId: string) =>
  deps.db.selectFrom('auditEvents').select(['action', 'metadata']).where('targetId', '=', targetId).execute();
const rowOf = (id: string) =>
  deps.db
    .selectFrom('users')
    .select(['firstName', 'roles', 'status', 'clinical'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

describe('updateUserAccess', () => {
  it('applies the fields, makes the role the only one and disables, with each action’s audit event', async () => {
    const org = await createTestOrg(deps.db);
    const ctx = await contextOf(['client_admin'], org.id);
    const { user } = await createTestUser(deps.db, { organizationId: org.id, roles: ['staff', 'billing'] });
    await deps.sessions.create(user.id, { ip: '127.0.0.1', userAgent: 'vitest' });

    const answer = await updateUserAccess(ctx, {
      id: user.id,
      patch: { firstName: 'Jonathan', clinical: true },
      role: 'provider',
      active: false,
    });
    expect(answer).toMatchObject({ firstName: 'Jonathan', roles: ['provider'], status: 'inactive' });
    expect(await rowOf(user.id)).toEqual({
      firstName: 'Jonathan',
      roles: ['provider'],
      status: 'inactive',
      clinical: true,
    });
    // One transaction: the events share their time, so they are compared as a set.
    const audit = await auditOf(user.id);
    const events = audit.map((a) => `${a.action} ${(a.metadata as { role?: string }).role ?? ''}`.trim());
    expect(events.sort()).toEqual([
      'users.demote billing',
      'users.demote staff',
      'users.disable',
      'users.promote provider',
      'users.update',
    ]);
    const disable = audit.find((a) => a.action === 'users.disable');
    expect(disable?.metadata).toMatchObject({ changedFields: ['status'], sessionsEnded: 1 });
    expect(audit.find((a) => a.action === 'users.update')?.metadata).toEqual({
      changedFields: ['firstName', 'clinical'],
    });
    const sessions = await deps.db
      .selectFrom('sessions')
      .select('id')
      .where('userId', '=', user.id)
      .execute();
    expect(sessions).toEqual([]);
  });

  it('changes nothing when a later step is refused (one transaction)', async () => {
    const org = await createTestOrg(deps.db);
    const ctx = await contextOf(['client_admin'], org.id);
    const { user } = await createTestUser(deps.db, { organizationId: org.id, status: 'pending' });
    const before = await rowOf(user.id);
    const error = await errorOf(
      updateUserAccess(ctx, { id: user.id, patch: { firstName: 'Changed' }, role: 'provider', active: true }),
    );
    expect(error.code).toBe('CONFLICT');
    expect(await rowOf(user.id)).toEqual(before);
    expect(await auditOf(user.id)).toEqual([]);
  });

  it('refuses a role the caller may not grant, and the caller disabling themselves, before writing', async () => {
    const org = await createTestOrg(deps.db);
    const ctx = await contextOf(['client_admin'], org.id);
    const { user } = await createTestUser(deps.db, { organizationId: org.id });
    const grant = await errorOf(
      updateUserAccess(ctx, { id: user.id, patch: { firstName: 'X' }, role: 'admin' }),
    );
    expect(grant.code).toBe('FORBIDDEN');
    const self = await errorOf(updateUserAccess(ctx, { id: ctx.actor.id, patch: {}, active: false }));
    expect(self.code).toBe('FORBIDDEN');
    expect(await auditOf(user.id)).toEqual([]);
  });

  it('asking for the state the user already has writes nothing', async () => {
    const org = await createTestOrg(deps.db);
    const ctx = await contextOf(['client_admin'], org.id);
    const { user } = await createTestUser(deps.db, { organizationId: org.id, roles: ['staff'] });
    await updateUserAccess(ctx, {
      id: user.id,
      patch: { firstName: user.firstName },
      role: 'staff',
      active: true,
    });
    expect(await auditOf(user.id)).toEqual([]);
  });
});
