import { generateToken, sha256Hex } from '@praxis/auth';
import { uniqueEmail } from '@praxis/db/testing';
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

// Every invitations.* procedure as every matrix actor, against invitations into organisation A
// (the actors' own) and B. Expectations come from the hand-written permission table
// (testing/roles-contract.ts), never from POLICY.

let deps: ApiDeps & { close(): Promise<void> };
let matrix: Awaited<ReturnType<typeof createMatrixActors>>;
beforeAll(async () => {
  deps = await createTestDeps();
  matrix = await createMatrixActors(deps);
});
afterAll(() => deps.close());

/** A pending invitation into the organisation, and its token. */
async function pendingInvitation(organizationId: string) {
  const token = generateToken();
  const row = await deps.db
    .insertInto('invitations')
    .values({
      email: uniqueEmail('matrix-invitee'),
      roles: ['staff'],
      organizationId,
      tokenHash: sha256Hex(token),
      invitedBy: matrix.actors.admin.actor?.id ?? null,
      expiresAt: new Date(Date.now() + 86_400_000),
      mailQueuedAt: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, token };
}

interface Case extends MatrixRule {
  call: (
    caller: MatrixCaller,
    invitation: { id: string; token: string; organizationId: string },
  ) => Promise<unknown>;
}

const write: Omit<Case, 'call'> = {
  guard: 'invitations.write',
  targeted: true,
  read: 'invitations.read',
  needs: ['invitations.write'],
};

const CASES: Record<string, Case> = {
  'invitations.create': {
    ...write,
    needs: ['invitations.write', 'users.grantRole'],
    call: (c, t) =>
      c.invitations.create({
        email: uniqueEmail('matrix'),
        roles: ['staff'],
        organizationId: t.organizationId,
      }),
  },
  'invitations.create (admin role)': {
    ...write,
    needs: ['invitations.write', 'users.grantPrivilegedRole'],
    call: (c, t) =>
      c.invitations.create({
        email: uniqueEmail('matrix'),
        roles: ['admin'],
        organizationId: t.organizationId,
      }),
  },
  'invitations.list': { guard: 'invitations.read', targeted: false, call: (c) => c.invitations.list({}) },
  'invitations.revoke': { ...write, call: (c, t) => c.invitations.revoke({ id: t.id }) },
  'invitations.resend': { ...write, call: (c, t) => c.invitations.resend({ id: t.id }) },
  'invitations.lookup': {
    guard: null,
    public: true,
    targeted: false,
    call: (c, t) => c.invitations.lookup({ token: t.token }),
  },
  'invitations.accept': {
    guard: null,
    public: true,
    targeted: false,
    call: (c, t) => c.invitations.accept({ token: t.token, password: 'a matrix password' }),
  },
};

describe.each(MATRIX_ACTORS)('as %s', (actorName) => {
  for (const [name, procedure] of Object.entries(CASES)) {
    it(`${name}: as the contract says, for organisations A and B`, async () => {
      const { actor, caller } = matrix.actors[actorName];
      for (const org of [matrix.orgA, matrix.orgB]) {
        const invitation = { ...(await pendingInvitation(org.id)), organizationId: org.id };
        const want = expectedOutcome(actor, procedure, { organizationId: org.id });
        expect({ org: org.name, outcome: await outcomeOf(procedure.call(caller, invitation)) }).toEqual({
          org: org.name,
          outcome: want,
        });
      }
    });
  }

  it('invitations.list shows exactly the organisations the contract lets the actor read', async () => {
    const { actor, caller } = matrix.actors[actorName];
    for (const org of [matrix.orgA, matrix.orgB]) {
      const { id } = await pendingInvitation(org.id);
      const listed = caller.invitations
        .list({ organizationId: org.id, pageSize: 100 })
        .then((p) => p.items.map((i) => i.id));
      await expectListedAsContractSays(actor, 'invitations.read', org.id, listed, id);
    }
  });
});
