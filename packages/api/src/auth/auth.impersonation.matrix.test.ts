import type { Role } from '@praxis/db';
import { createTestOrg, createTestUser } from '@praxis/db/testing';
import { ROLE_VALUES } from '@praxis/validators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../deps';
import {
  contractAllows,
  contractMayImpersonate,
  createMatrixActors,
  createTestDeps,
  MATRIX_ACTORS,
  outcomeOf,
  signedIn,
} from '../testing';

// The permission matrix of impersonation: every matrix actor against a user of every role, with
// expectations from the hand-written contract (roles-contract.ts: the users.impersonate row and
// CONTRACT_IMPERSONATION), never from POLICY.

let deps: ApiDeps & { close(): Promise<void> };
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(() => deps.close());

const reason = 'Matrix check';

describe('auth.impersonate: who may impersonate whom (the contract table, every role)', () => {
  it('as every matrix actor, against a user of each role in another organisation', {
    timeout: 60_000,
  }, async () => {
    const { actors, orgB } = await createMatrixActors(deps);
    const targets = await Promise.all(
      ROLE_VALUES.map(
        async (role) => (await createTestUser(deps.db, { roles: [role], organizationId: orgB.id })).user,
      ),
    );
    const mismatches: string[] = [];
    for (const name of MATRIX_ACTORS) {
      const { actor, caller } = actors[name];
      for (const target of targets) {
        const expected = !actor
          ? 'UNAUTHORIZED'
          : contractAllows(actor, 'users.impersonate') && contractMayImpersonate(actor.roles, target.roles)
            ? 'OK'
            : 'FORBIDDEN';
        const actual = await outcomeOf(caller.auth.impersonate({ userId: target.id, reason }));
        if (actual !== expected)
          mismatches.push(`${name} → ${target.roles[0]}: ${actual}, expected ${expected}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('spelled out: admin → provider ok, admin → admin refused, support → client admin ok, support → support refused', async () => {
    const org = await createTestOrg(deps.db);
    const make = async (role: Role) =>
      (await createTestUser(deps.db, { roles: [role], organizationId: org.id })).user;
    const [admin, otherAdmin, support, otherSupport, provider, clientAdmin] = await Promise.all(
      (['admin', 'admin', 'support', 'support', 'provider', 'client_admin'] as Role[]).map(make),
    );
    const asAdmin = (await signedIn(deps, admin!)).caller;
    const asSupport = (await signedIn(deps, support!)).caller;
    const asClientAdmin = (await signedIn(deps, clientAdmin!)).caller;
    expect(await outcomeOf(asAdmin.auth.impersonate({ userId: provider!.id, reason }))).toBe('OK');
    expect(await outcomeOf(asAdmin.auth.impersonate({ userId: otherAdmin!.id, reason }))).toBe('FORBIDDEN');
    expect(await outcomeOf(asAdmin.auth.impersonate({ userId: admin!.id, reason }))).toBe('FORBIDDEN');
    expect(await outcomeOf(asSupport.auth.impersonate({ userId: clientAdmin!.id, reason }))).toBe('OK');
    expect(await outcomeOf(asSupport.auth.impersonate({ userId: otherSupport!.id, reason }))).toBe(
      'FORBIDDEN',
    );
    expect(await outcomeOf(asSupport.auth.impersonate({ userId: admin!.id, reason }))).toBe('FORBIDDEN');
    expect(await outcomeOf(asClientAdmin.auth.impersonate({ userId: provider!.id, reason }))).toBe(
      'FORBIDDEN',
    );
  });

  it('auth.stopImpersonating outside an impersonation: CONFLICT for everyone signed in', async () => {
    const { actors } = await createMatrixActors(deps);
    for (const name of MATRIX_ACTORS) {
      const { actor, caller } = actors[name];
      expect({ name, outcome: await outcomeOf(caller.auth.stopImpersonating()) }).toEqual({
        name,
        outcome: actor ? 'CONFLICT' : 'UNAUTHORIZED',
      });
    }
  });
});
