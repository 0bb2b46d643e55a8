import { createTestUser } from '@praxis/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../deps';
import {
  createMatrixActors,
  createTestDeps,
  expectedOutcome,
  expectListedAsContractSays,
  MATRIX_ACTORS,
  type MatrixCaller,
  type MatrixRule,
  outcomeOf,
} from '../testing';

// Every groups.* procedure as every matrix actor, against groups of organisation A (the actors'
// own) and B. Expectations come from the hand-written permission table
// (testing/roles-contract.ts), never from POLICY.

let deps: ApiDeps & { close(): Promise<void> };
let matrix: Awaited<ReturnType<typeof createMatrixActors>>;
beforeAll(async () => {
  deps = await createTestDeps();
  matrix = await createMatrixActors(deps);
});
afterAll(() => deps.close());

interface Fixture {
  id: string;
  organizationId: string;
  memberId: string;
}

/** A group of the organisation with one member, and another user of it who is not in the group. */
async function groupWithMember(organizationId: string): Promise<Fixture> {
  const group = await deps.db
    .insertInto('groups')
    .values({ organizationId, name: `Matrix ${crypto.randomUUID()}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { user: member } = await createTestUser(deps.db, { organizationId });
  await deps.db.insertInto('groupMembers').values({ groupId: group.id, userId: member.id }).execute();
  const { user: other } = await createTestUser(deps.db, { organizationId });
  return { id: group.id, organizationId, memberId: other.id };
}

interface Case extends MatrixRule {
  call: (caller: MatrixCaller, group: Fixture) => Promise<unknown>;
}

const read: Omit<Case, 'call'> = { guard: 'groups.read', targeted: true, read: 'groups.read' };
const write: Omit<Case, 'call'> = {
  guard: 'groups.write',
  targeted: true,
  read: 'groups.read',
  needs: ['groups.write'],
};

const CASES: Record<string, Case> = {
  'groups.create': {
    ...write,
    call: (c, g) => c.groups.create({ name: `New ${crypto.randomUUID()}`, organizationId: g.organizationId }),
  },
  'groups.update': {
    ...write,
    call: (c, g) => c.groups.update({ id: g.id, patch: { description: 'Matrix' } }),
  },
  'groups.delete': { ...write, call: (c, g) => c.groups.delete({ id: g.id }) },
  'groups.get': { ...read, call: (c, g) => c.groups.get({ id: g.id }) },
  'groups.list': { guard: 'groups.read', targeted: false, call: (c) => c.groups.list({}) },
  'groups.addMembers': { ...write, call: (c, g) => c.groups.addMembers({ id: g.id, userIds: [g.memberId] }) },
  'groups.removeMembers': {
    ...write,
    call: (c, g) => c.groups.removeMembers({ id: g.id, userIds: [g.memberId] }),
  },
};

describe.each(MATRIX_ACTORS)('as %s', (actorName) => {
  for (const [name, procedure] of Object.entries(CASES)) {
    it(`${name}: as the contract says, for organisations A and B`, async () => {
      const { actor, caller } = matrix.actors[actorName];
      for (const org of [matrix.orgA, matrix.orgB]) {
        const group = await groupWithMember(org.id);
        const want = expectedOutcome(actor, procedure, { organizationId: org.id });
        expect({ org: org.name, outcome: await outcomeOf(procedure.call(caller, group)) }).toEqual({
          org: org.name,
          outcome: want,
        });
      }
    });
  }

  it('groups.list shows exactly the organisations the contract lets the actor read', async () => {
    const { actor, caller } = matrix.actors[actorName];
    for (const org of [matrix.orgA, matrix.orgB]) {
      const { id } = await groupWithMember(org.id);
      const listed = caller.groups
        .list({ organizationId: org.id, pageSize: 100 })
        .then((p) => p.items.map((g) => g.id));
      await expectListedAsContractSays(actor, 'groups.read', org.id, listed, id);
    }
  });
});
