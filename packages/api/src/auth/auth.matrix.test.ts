import { TEST_PASSWORD } from '@praxis/db/testing';
import { type TOTP, URI } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../deps';
import {
  createMatrixActors,
  createTestDeps,
  expectedOutcome,
  MATRIX_ACTORS,
  type MatrixRule,
  outcomeOf,
} from '../testing';

// The own-account 2FA procedures as every matrix actor: anyone signed in may set up, use and turn
// off their own authenticator app and backup codes; signed out, nobody. Expectations come from the
// hand-written permission table (testing/roles-contract.ts), never from POLICY.

let deps: ApiDeps & { close(): Promise<void> };
let matrix: Awaited<ReturnType<typeof createMatrixActors>>;
beforeAll(async () => {
  deps = await createTestDeps();
  matrix = await createMatrixActors(deps);
});
afterAll(() => deps.close());

const SELF: MatrixRule = { guard: null, targeted: false };

describe.each(MATRIX_ACTORS)('as %s', (actorName) => {
  it('auth.totp.* and auth.backupCodes.*: own account only, as the contract says', async () => {
    const { actor, caller } = matrix.actors[actorName];
    const want = expectedOutcome(actor, SELF, { organizationId: null });
    const password = { currentPassword: TEST_PASSWORD };
    let uri = 'otpauth://totp/none?secret=AAAAAAAA';
    const outcomes = {
      'auth.totp.enroll': await outcomeOf(
        caller.auth.totp.enroll(password).then((answer) => {
          uri = answer.uri;
        }),
      ),
      'auth.totp.confirm': await outcomeOf(
        caller.auth.totp.confirm({
          code: (URI.parse(uri) as TOTP).generate({ timestamp: Date.now() - 30_000 }),
        }),
      ),
      'auth.backupCodes.remaining': await outcomeOf(caller.auth.backupCodes.remaining()),
      'auth.backupCodes.regenerate': await outcomeOf(caller.auth.backupCodes.regenerate(password)),
      'auth.totp.disable': await outcomeOf(caller.auth.totp.disable(password)),
    };
    expect(outcomes).toEqual(Object.fromEntries(Object.keys(outcomes).map((name) => [name, want])));
  });
});
