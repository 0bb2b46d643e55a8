import type { Role } from '@praxis/db';
import { createTestOrg, createTestUser } from '@praxis/db/testing';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../deps';
import { createTestDeps, errorOf, signedIn } from '../testing';

// Who may require 2FA of an organisation's members (organisations' requireTwoFactor), written from
// the contract: admins anywhere, client admins for their own organisation, nobody else.

let deps: ApiDeps & { close(): Promise<void> };
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(() => deps.close());

type Where = 'own' | 'other';
const MATRIX: [Role, Where, 'ok' | 'FORBIDDEN' | 'NOT_FOUND'][] = [
  ['admin', 'own', 'ok'],
  ['admin', 'other', 'ok'],
  ['client_admin', 'own', 'ok'],
  ['client_admin', 'other', 'NOT_FOUND'],
  ['supervisor', 'own', 'FORBIDDEN'],
  ['support', 'other', 'FORBIDDEN'],
  ['provider', 'own', 'FORBIDDEN'],
  ['staff', 'own', 'FORBIDDEN'],
  ['billing', 'own', 'FORBIDDEN'],
  ['parent', 'own', 'FORBIDDEN'],
];

async function attempt(role: Role, where: Where, via: 'update' | 'upsert') {
  const own = await createTestOrg(deps.db);
  const other = await createTestOrg(deps.db);
  // Users with 2FA already, so turning the flag on does not gate the caller themselves.
  const { user } = await createTestUser(deps.db, {
    roles: [role],
    organizationId: role === 'admin' || role === 'support' ? null : own.id,
    email2faEnabled: true,
  });
  const { caller } = await signedIn(deps, user);
  const target = where === 'own' ? own : other;
  const write =
    via === 'update'
      ? caller.orgs.update({ id: target.id, patch: { requireTwoFactor: true } })
      : caller.orgs.upsert({ id: target.id, requireTwoFactor: true });
  const result = await write.then(
    (org) => ({ code: 'ok' as const, org }),
    (error: unknown) => {
      if (error instanceof TRPCError) return { code: error.code, org: null };
      throw error;
    },
  );
  const stored = await deps.db
    .selectFrom('organizations')
    .select('requireTwoFactor')
    .where('id', '=', target.id)
    .executeTakeFirstOrThrow();
  return { ...result, stored: stored.requireTwoFactor, target };
}

describe('organisations requireTwoFactor', () => {
  it.each(MATRIX)(
    '%s on their %s organisation: %s (orgs.update and orgs.upsert)',
    async (role, where, expected) => {
      for (const via of ['update', 'upsert'] as const) {
        const { code, org, stored } = await attempt(role, where, via);
        expect(code, via).toBe(expected);
        expect(stored, via).toBe(expected === 'ok');
        if (org) expect(org.requireTwoFactor).toBe(true);
      }
    },
  );

  it('is false by default, shown in the Organization shape, and turning it on or off is audited', async () => {
    const { user } = await createTestUser(deps.db, { roles: ['admin'] });
    const { caller } = await signedIn(deps, user);
    const org = await caller.orgs.create({ name: 'Two factor clinic' });
    expect(org.requireTwoFactor).toBe(false);
    expect((await caller.orgs.get({ id: org.id })).requireTwoFactor).toBe(false);
    await caller.orgs.update({ id: org.id, patch: { requireTwoFactor: true } });
    expect((await caller.orgs.list({ search: 'Two factor clinic' })).items[0]?.requireTwoFactor).toBe(true);
    await caller.orgs.update({ id: org.id, patch: { requireTwoFactor: false } });
    const events = await deps.db
      .selectFrom('auditEvents')
      .select(['action', 'metadata'])
      .where('targetId', '=', org.id)
      .orderBy('createdAt')
      .execute();
    expect(events.map((e) => [e.action, (e.metadata as { changedFields?: string[] }).changedFields])).toEqual(
      [
        ['orgs.create', undefined],
        ['orgs.update', ['requireTwoFactor']],
        ['orgs.update', ['requireTwoFactor']],
      ],
    );
  });

  it('refuses a value that is not a boolean', async () => {
    const { user } = await createTestUser(deps.db, { roles: ['admin'] });
    const { caller } = await signedIn(deps, user);
    const org = await createTestOrg(deps.db);
    const error = await errorOf(
      caller.orgs.update({ id: org.id, patch: { requireTwoFactor: 'yes' as unknown as boolean } }),
    );
    expect(error.code).toBe('BAD_REQUEST');
  });
});
