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
  type Outcome,
  outcomeOf,
} from '../testing';

// Every patients.* procedure as every matrix actor, against patients of organisation A (the
// actors' own) and B. Expectations come from the hand-written permission table
// (testing/roles-contract.ts), never from POLICY; the one rule beyond the table (a parent reads
// the patients linked to them) is written out below.

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
  /** A parent linked to the patient. */
  linkedParentId: string;
  /** A parent of the same organisation, not linked. */
  otherParentId: string;
}

async function patientWithParent(organizationId: string): Promise<Fixture> {
  const patient = await deps.db
    .insertInto('patients')
    .values({ organizationId, firstName: 'Matrix', lastName: crypto.randomUUID() })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { user: linked } = await createTestUser(deps.db, { organizationId, roles: ['parent'] });
  await deps.db.insertInto('patientParents').values({ patientId: patient.id, userId: linked.id }).execute();
  const { user: other } = await createTestUser(deps.db, { organizationId, roles: ['parent'] });
  return { id: patient.id, organizationId, linkedParentId: linked.id, otherParentId: other.id };
}

interface Case extends MatrixRule {
  call: (caller: MatrixCaller, patient: Fixture) => Promise<unknown>;
}

const read: Omit<Case, 'call'> = { guard: 'patients.read', targeted: true, read: 'patients.read' };
const write: Omit<Case, 'call'> = {
  guard: 'patients.write',
  targeted: true,
  read: 'patients.read',
  needs: ['patients.write'],
};

const CASES: Record<string, Case> = {
  'patients.create': {
    ...write,
    call: (c, p) =>
      c.patients.create({ firstName: 'New', lastName: 'Patient', organizationId: p.organizationId }),
  },
  'patients.update': { ...write, call: (c, p) => c.patients.update({ id: p.id, patch: { active: false } }) },
  'patients.archive': { ...write, call: (c, p) => c.patients.archive({ id: p.id }) },
  'patients.link': { ...write, call: (c, p) => c.patients.link({ id: p.id, userId: p.otherParentId }) },
  'patients.unlink': { ...write, call: (c, p) => c.patients.unlink({ id: p.id, userId: p.linkedParentId }) },
  'patients.get': { ...read, call: (c, p) => c.patients.get({ id: p.id }) },
};

/** The contract's outcome, and the service's parent rule: a parent not linked to the patient finds nothing. */
function expected(actorName: (typeof MATRIX_ACTORS)[number], name: string, organizationId: string): Outcome {
  const { actor } = matrix.actors[actorName];
  if (actorName === 'parent' && name === 'patients.get') return 'NOT_FOUND';
  return expectedOutcome(actor, CASES[name] as Case, { organizationId });
}

describe.each(MATRIX_ACTORS)('as %s', (actorName) => {
  for (const [name, procedure] of Object.entries(CASES)) {
    it(`${name}: as the contract says, for organisations A and B`, async () => {
      const { caller } = matrix.actors[actorName];
      for (const org of [matrix.orgA, matrix.orgB]) {
        const patient = await patientWithParent(org.id);
        expect({ org: org.name, outcome: await outcomeOf(procedure.call(caller, patient)) }).toEqual({
          org: org.name,
          outcome: expected(actorName, name, org.id),
        });
      }
    });
  }

  it('patients.list shows exactly the organisations the contract lets the actor read', async () => {
    const { actor, caller } = matrix.actors[actorName];
    for (const org of [matrix.orgA, matrix.orgB]) {
      const { id } = await patientWithParent(org.id);
      const listed = caller.patients
        .list({ organizationId: org.id, pageSize: 100 })
        .then((p) => p.items.map((patient) => patient.id));
      if (actorName === 'parent') {
        // Not linked to this patient: a parent's list holds only their own patients.
        expect(await listed).not.toContain(id);
      } else {
        await expectListedAsContractSays(actor, 'patients.read', org.id, listed, id);
      }
    }
  });
});

describe('a parent (beyond the table)', () => {
  it('reads the patients linked to them, and only those', async () => {
    const { actor, caller } = matrix.actors.parent;
    if (!actor) throw new Error('the matrix parent is signed in');
    const mine = await patientWithParent(matrix.orgA.id);
    const notMine = await patientWithParent(matrix.orgA.id);
    await deps.db.insertInto('patientParents').values({ patientId: mine.id, userId: actor.id }).execute();
    expect((await caller.patients.get({ id: mine.id })).id).toBe(mine.id);
    expect(await outcomeOf(caller.patients.get({ id: notMine.id }))).toBe('NOT_FOUND');
    const listed = await caller.patients.list({ pageSize: 100 });
    expect(listed.items.map((p) => p.id)).toEqual([mine.id]);
    // Another parent's patients: none, not their own.
    const theirs = await caller.patients.list({ parentId: notMine.linkedParentId });
    expect(theirs.items).toEqual([]);
    // Still no writes.
    expect(await outcomeOf(caller.patients.update({ id: mine.id, patch: { active: false } }))).toBe(
      'FORBIDDEN',
    );
  });
});
