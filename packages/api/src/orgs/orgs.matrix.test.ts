import { createTestOrg, createTestUser } from '@praxis/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../deps';
import {
  contractAllows,
  createMatrixActors,
  createTestDeps,
  expectedOutcome,
  MATRIX_ACTORS,
  type MatrixCaller,
  type MatrixRule,
  outcomeOf,
} from '../testing';

// Every orgs.* procedure as every matrix actor, against organisation A (the actors' own) and B, or
// a fresh organisation for lifecycle changes (deactivating A would end the actors' own sessions).
// Expectations come from the permission table written out by hand in testing/roles-contract.ts.

let deps: ApiDeps & { close(): Promise<void> };
let matrix: Awaited<ReturnType<typeof createMatrixActors>>;
let therapistId: string;
beforeAll(async () => {
  deps = await createTestDeps();
  matrix = await createMatrixActors(deps);
  therapistId = (await createTestUser(deps.db, { roles: ['provider'] })).user.id;
  for (const org of [matrix.orgA, matrix.orgB]) {
    await deps.db
      .updateTable('organizations')
      .set({ therapistUserId: therapistId })
      .where('id', '=', org.id)
      .execute();
  }
});
afterAll(() => deps.close());

interface Case extends MatrixRule {
  /** Run against a fresh organisation instead of A and B. */
  fresh?: boolean;
  call: (caller: MatrixCaller, organizationId: string) => Promise<unknown>;
}

const lifecycle = (guard: 'orgs.setActive' | 'orgs.archive', call: Case['call']): Case => ({
  guard,
  targeted: true,
  read: 'orgs.read',
  needs: [guard],
  fresh: true,
  call,
});

const CASES: Record<string, Case> = {
  'orgs.create': {
    guard: 'orgs.create',
    targeted: false,
    call: (c) => c.orgs.create({ name: 'Matrix clinic' }),
  },
  'orgs.upsert (create)': {
    guard: 'orgs.update',
    targeted: false,
    needs: ['orgs.create'],
    call: (c) => c.orgs.upsert({ name: 'Matrix clinic' }),
  },
  'orgs.update': {
    guard: 'orgs.update',
    targeted: true,
    read: 'orgs.read',
    needs: ['orgs.update'],
    call: (c, id) => c.orgs.update({ id, patch: { name: 'Matrix renamed' } }),
  },
  'orgs.upsert (update)': {
    guard: 'orgs.update',
    targeted: true,
    read: 'orgs.read',
    needs: ['orgs.update'],
    call: (c, id) => c.orgs.upsert({ id, name: 'Matrix renamed' }),
  },
  'orgs.get': { guard: 'orgs.read', targeted: true, read: 'orgs.read', call: (c, id) => c.orgs.get({ id }) },
  'orgs.list': { guard: 'orgs.read', targeted: false, call: (c) => c.orgs.list({}) },
  'orgs.byTherapist': {
    guard: 'orgs.read',
    targeted: false,
    call: (c) => c.orgs.byTherapist({ therapistUserId: therapistId }),
  },
  'orgs.activate': lifecycle('orgs.setActive', (c, id) => c.orgs.activate({ id })),
  'orgs.deactivate': lifecycle('orgs.setActive', (c, id) => c.orgs.deactivate({ id })),
  'orgs.archive': lifecycle('orgs.archive', (c, id) => c.orgs.archive({ id })),
  'orgs.unarchive': lifecycle('orgs.archive', (c, id) => c.orgs.unarchive({ id })),
};

describe.each(MATRIX_ACTORS)('as %s', (actorName) => {
  for (const [name, procedure] of Object.entries(CASES)) {
    it(`${name}: as the contract says`, async () => {
      const { actor, caller } = matrix.actors[actorName];
      const targets = procedure.fresh
        ? [{ label: 'fresh', id: (await createTestOrg(deps.db, { status: 'inactive' })).id }]
        : [
            { label: 'A', id: matrix.orgA.id },
            { label: 'B', id: matrix.orgB.id },
          ];
      for (const { label, id } of targets) {
        const want = expectedOutcome(actor, procedure, { organizationId: id });
        expect({ org: label, outcome: await outcomeOf(procedure.call(caller, id)) }).toEqual({
          org: label,
          outcome: want,
        });
      }
    });
  }

  it('orgs.list and orgs.byTherapist show exactly the organisations the contract lets the actor read', async () => {
    const { actor, caller } = matrix.actors[actorName];
    if (!actor || !contractAllows(actor, 'orgs.read')) {
      expect(await outcomeOf(caller.orgs.byTherapist({ therapistUserId: therapistId }))).toBe(
        actor ? 'FORBIDDEN' : 'UNAUTHORIZED',
      );
      return;
    }
    const readable = [matrix.orgA.id, matrix.orgB.id].filter((id) =>
      contractAllows(actor, 'orgs.read', { organizationId: id }),
    );
    const byTherapist = await caller.orgs.byTherapist({ therapistUserId: therapistId });
    expect(byTherapist.map((o) => o.id).sort()).toEqual([...readable].sort());
    const listed = await caller.orgs.list({ pageSize: 100 });
    for (const org of listed.items)
      expect(contractAllows(actor, 'orgs.read', { organizationId: org.id })).toBe(true);
  });
});
