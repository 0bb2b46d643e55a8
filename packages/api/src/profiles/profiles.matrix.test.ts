import { createTestUser } from '@praxis/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../deps';
import {
  contractMayGrant,
  createMatrixActors,
  createTestDeps,
  expectedOutcome,
  MATRIX_ACTORS,
  type MatrixCaller,
  type MatrixRule,
  outcomeOf,
} from '../testing';

// profiles.get / profiles.upsert as every matrix actor: on their own profile (anyone signed in),
// and on a user of organisation A and of B (writers of that user only). Expectations come from
// the hand-written permission table (testing/roles-contract.ts), never from POLICY.

let deps: ApiDeps & { close(): Promise<void> };
let matrix: Awaited<ReturnType<typeof createMatrixActors>>;
beforeAll(async () => {
  deps = await createTestDeps();
  matrix = await createMatrixActors(deps);
});
afterAll(() => deps.close());

const OTHERS: MatrixRule = { guard: null, targeted: true, read: 'users.read', needs: ['users.write'] };
const SELF: MatrixRule = { guard: null, targeted: false };

const CASES: Record<string, (caller: MatrixCaller, userId: string) => Promise<unknown>> = {
  'profiles.get': (c, userId) => c.profiles.get({ userId }),
  'profiles.upsert': (c, userId) =>
    c.profiles.upsert({
      userId,
      personal: { phoneNumber: '555 0100', timezone: 'Europe/Paris' },
      addresses: [{ addressLine1: '1 Matrix Way' }],
      professional: { npi: '1234567893' },
    }),
};

describe.each(MATRIX_ACTORS)('as %s', (actorName) => {
  for (const [name, call] of Object.entries(CASES)) {
    it(`${name}: own profile, and users of org A and B, as the contract says`, async () => {
      const { actor, caller } = matrix.actors[actorName];
      if (actor) {
        expect({ own: await outcomeOf(call(caller, actor.id)) }).toEqual({
          own: expectedOutcome(actor, SELF, actor),
        });
      }
      for (const org of [matrix.orgA, matrix.orgB]) {
        const { user } = await createTestUser(deps.db, { roles: ['staff'], organizationId: org.id });
        const want = expectedOutcome(actor, OTHERS, { organizationId: org.id });
        expect({ org: org.name, outcome: await outcomeOf(call(caller, user.id)) }).toEqual({
          org: org.name,
          outcome: want,
        });
      }
    });
  }

  it('profiles.upsert: making oneself org admin takes the right to grant that role', async () => {
    const { actor, caller } = matrix.actors[actorName];
    if (!actor) return;
    const outcome = await outcomeOf(
      caller.profiles.upsert({ userId: actor.id, account: { isOrgAdmin: true } }),
    );
    const already = actor.roles.includes('client_admin');
    const allowed =
      already || contractMayGrant(actor, 'client_admin', { organizationId: actor.organizationId });
    expect(outcome).toBe(allowed ? 'OK' : 'FORBIDDEN');
  });
});
