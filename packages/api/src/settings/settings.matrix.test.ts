import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../deps';
import { createMatrixActors, createTestDeps, expectedOutcome, MATRIX_ACTORS, outcomeOf } from '../testing';

// settings.get as every matrix actor; the expectation comes from the hand-written permission table
// (testing/roles-contract.ts), never from POLICY.

let deps: ApiDeps & { close(): Promise<void> };
let matrix: Awaited<ReturnType<typeof createMatrixActors>>;
beforeAll(async () => {
  deps = await createTestDeps();
  matrix = await createMatrixActors(deps);
});
afterAll(() => deps.close());

describe.each(MATRIX_ACTORS)('as %s', (actorName) => {
  it('settings.get: as the contract says', async () => {
    const { actor, caller } = matrix.actors[actorName];
    const want = expectedOutcome(
      actor,
      { guard: 'settings.read', targeted: false },
      { organizationId: null },
    );
    expect(await outcomeOf(caller.settings.get())).toBe(want);
  });
});
