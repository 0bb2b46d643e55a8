import { createTestUser, uniqueEmail } from '@praxis/db/testing';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../deps';
import {
  type ContractAction,
  contractAllows,
  createMatrixActors,
  createTestDeps,
  expectedOutcome,
  MATRIX_ACTORS,
  type MatrixCaller,
  outcomeOf,
} from '../testing';

// The permission matrix: every users.*, dashboard.* and audit.list procedure, as every
// matrix actor, against users of organisation A (the actors' own) and B. Expectations come from
// the permission table written out by hand in testing/roles-contract.ts, never from POLICY: coarse
// check of the procedure, then NOT_FOUND when the target's organisation is not readable, then
// FORBIDDEN for each action it needs there.

let deps: ApiDeps & { close(): Promise<void> };
let matrix: Awaited<ReturnType<typeof createMatrixActors>>;
beforeAll(async () => {
  deps = await createTestDeps();
  matrix = await createMatrixActors(deps);
});
afterAll(() => deps.close());

interface Target {
  id: string;
  email: string;
  organizationId: string;
}

interface Case {
  /** The procedure's coarse permission (its guard). */
  guard: ContractAction;
  /** Actions needed on the target's organisation, checked after it must be readable. */
  needs?: ContractAction[];
  /** Whether the call is about a user (or, for create, an organisation). */
  targeted: boolean;
  call: (caller: MatrixCaller, target: Target) => Promise<unknown>;
}

const CASES: Record<string, Case> = {
  'users.list': { guard: 'users.read', targeted: false, call: (c) => c.users.list({}) },
  'users.active': { guard: 'users.read', targeted: false, call: (c) => c.users.active({}) },
  'users.archived': { guard: 'users.read', targeted: false, call: (c) => c.users.archived({}) },
  'users.filterOptions': { guard: 'users.read', targeted: false, call: (c) => c.users.filterOptions() },
  'users.get': { guard: 'users.read', targeted: true, call: (c, t) => c.users.get({ id: t.id }) },
  'users.create': {
    guard: 'users.write',
    needs: ['users.write', 'users.grantRole'],
    targeted: true,
    call: (c, t) =>
      c.users.create({
        email: uniqueEmail('matrix'),
        firstName: 'M',
        lastName: 'X',
        roles: ['staff'],
        organizationId: t.organizationId,
      }),
  },
  'users.update': {
    guard: 'users.write',
    needs: ['users.write'],
    targeted: true,
    call: (c, t) => c.users.update({ id: t.id, patch: { title: 'T' } }),
  },
  'users.updateAccess': {
    guard: 'users.write',
    needs: ['users.write'],
    targeted: true,
    call: (c, t) => c.users.updateAccess({ id: t.id, patch: { title: 'T' } }),
  },
  'users.updateNpi': {
    guard: 'users.write',
    needs: ['users.write'],
    targeted: true,
    call: (c, t) => c.users.updateNpi({ id: t.id, npi: '1234567893' }),
  },
  'users.archive': {
    guard: 'users.write',
    needs: ['users.write'],
    targeted: true,
    call: (c, t) => c.users.archive({ id: t.id }),
  },
  'users.unarchive': {
    guard: 'users.write',
    needs: ['users.write'],
    targeted: true,
    call: (c, t) => c.users.unarchive({ id: t.id }),
  },
  'users.enable': {
    guard: 'users.write',
    needs: ['users.write'],
    targeted: true,
    call: (c, t) => c.users.enable({ id: t.id }),
  },
  'users.disable': {
    guard: 'users.write',
    needs: ['users.write'],
    targeted: true,
    call: (c, t) => c.users.disable({ id: t.id }),
  },
  'users.approve': {
    guard: 'users.write',
    needs: ['users.write'],
    targeted: true,
    call: (c, t) => c.users.approve({ id: t.id }),
  },
  'users.suspend': {
    guard: 'users.write',
    needs: ['users.write'],
    targeted: true,
    call: (c, t) => c.users.suspend({ id: t.id }),
  },
  'users.unsuspend': {
    guard: 'users.write',
    needs: ['users.write'],
    targeted: true,
    call: (c, t) => c.users.unsuspend({ id: t.id }),
  },
  'users.promote (provider)': {
    guard: 'users.write',
    needs: ['users.write', 'users.grantRole'],
    targeted: true,
    call: (c, t) => c.users.promote({ id: t.id, role: 'provider' }),
  },
  'users.promote (admin)': {
    guard: 'users.write',
    needs: ['users.write', 'users.grantPrivilegedRole'],
    targeted: true,
    call: (c, t) => c.users.promote({ id: t.id, role: 'admin' }),
  },
  'users.demote (billing)': {
    guard: 'users.write',
    needs: ['users.write', 'users.grantRole'],
    targeted: true,
    call: (c, t) => c.users.demote({ id: t.id, role: 'billing' }),
  },
  'users.delete': {
    guard: 'users.delete',
    needs: ['users.delete'],
    targeted: true,
    call: (c, t) => c.users.delete({ id: t.id }),
  },
  'users.sessions': {
    guard: 'users.write',
    needs: ['users.write'],
    targeted: true,
    call: (c, t) => c.users.sessions({ id: t.id }),
  },
  'users.revokeSessions': {
    guard: 'users.write',
    needs: ['users.write'],
    targeted: true,
    call: (c, t) => c.users.revokeSessions({ id: t.id }),
  },
  'users.resetTwoFactor': {
    guard: 'users.write',
    needs: ['users.write'],
    targeted: true,
    call: (c, t) => c.users.resetTwoFactor({ id: t.id }),
  },
  'users.clearLockout': {
    guard: 'users.write',
    needs: ['users.write'],
    targeted: true,
    call: (c, t) => c.users.clearLockout({ id: t.id }),
  },
  'users.sendPasswordReset': {
    guard: 'users.write',
    needs: ['users.write'],
    targeted: true,
    call: (c, t) => c.users.sendPasswordReset({ id: t.id }),
  },
  // Bulk answers per id: the outcome of its one id is what is compared.
  'users.bulk': {
    guard: 'users.write',
    needs: ['users.write'],
    targeted: true,
    call: async (c, t) => {
      const [result] = (await c.users.bulk({ ids: [t.id], action: 'disable' })).results;
      if (result && !result.ok) throw new TRPCError({ code: result.error?.code as 'FORBIDDEN' });
      return result;
    },
  },
  'dashboard.summary': { guard: 'dashboard.read', targeted: false, call: (c) => c.dashboard.summary() },
  'dashboard.activity': { guard: 'dashboard.read', targeted: false, call: (c) => c.dashboard.activity() },
  'audit.list': { guard: 'audit.read', targeted: false, call: (c) => c.audit.list({}) },
};

describe.each(MATRIX_ACTORS)('as %s', (actorName) => {
  for (const [name, procedure] of Object.entries(CASES)) {
    it(`${name}: as the contract says, for users of org A and org B`, async () => {
      const { actor, caller } = matrix.actors[actorName];
      for (const org of [matrix.orgA, matrix.orgB]) {
        const { user } = await createTestUser(deps.db, {
          roles: ['staff', 'billing'],
          organizationId: org.id,
        });
        const target = { id: user.id, email: user.email, organizationId: org.id };
        const want = expectedOutcome(actor, { ...procedure, read: 'users.read' }, target);
        expect({ org: org.name, outcome: await outcomeOf(procedure.call(caller, target)) }).toEqual({
          org: org.name,
          outcome: want,
        });
      }
    });
  }

  it('users.list shows exactly the organisations the contract lets the actor read', async () => {
    const { actor, caller } = matrix.actors[actorName];
    for (const org of [matrix.orgA, matrix.orgB]) {
      const { user } = await createTestUser(deps.db, { organizationId: org.id });
      const listed = caller.users.list({ search: user.email }).then((page) => page.items.map((u) => u.id));
      if (!actor || !contractAllows(actor, 'users.read')) {
        expect(await outcomeOf(listed)).toBe(actor ? 'FORBIDDEN' : 'UNAUTHORIZED');
      } else {
        expect(await listed).toEqual(
          contractAllows(actor, 'users.read', { organizationId: org.id }) ? [user.id] : [],
        );
      }
    }
  });
});
