import { createTestOrg, createTestUser, TEST_PASSWORD } from '@praxis/db/testing';
import { TRPCError } from '@trpc/server';
import { type TOTP, URI } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../deps';
import { AppError } from '../errors';
import { appRouter } from '../root';
import { callerFor, createTestDeps, errorOf, fieldErrorsOf, signedIn } from '../testing';

// The account gate (auth.gate.ts + the ladder in trpc.ts): a user who must change a password set
// by someone else, or enrol in 2FA, reaches only the procedures that fix it.

let deps: ApiDeps & { close(): Promise<void> };
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(() => deps.close());

const NEW_PASSWORD = 'a brand new long password 7';

interface ProcedureDef {
  _def: { type: 'query' | 'mutation' | 'subscription' };
}
/** Every procedure of the router, so a new one is covered without touching this test. */
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, ProcedureDef>);

type AnyCaller = Record<string, unknown>;
function call(caller: AnyCaller, path: string, input: unknown): Promise<unknown> {
  const procedure = path.split('.').reduce<unknown>((node, key) => (node as AnyCaller)[key], caller);
  return Promise.resolve().then(() => (procedure as (input: unknown) => Promise<unknown>)(input));
}

/** How a call ends: 'ok', or the error's code and (for the gate) its reason. */
async function outcome(promise: Promise<unknown>) {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    return error instanceof AppError && error.reason ? `${error.code} ${error.reason}` : error.code;
  }
}

/** The procedures that need a session: those that answer UNAUTHORIZED to a caller without one. */
async function signedInProcedures() {
  const anonymous = callerFor(deps).caller as unknown as AnyCaller;
  const result: string[] = [];
  for (const [path] of procedures) {
    if ((await outcome(call(anonymous, path, {}))) === 'UNAUTHORIZED') result.push(path);
  }
  return result;
}

/** Each signed-in procedure, called by a gated user on a fresh session, refused by the gate or not. */
async function gateTable(user: { id: string }, reason: string) {
  const table: Record<string, 'gated' | 'passes'> = {};
  for (const path of await signedInProcedures()) {
    const { caller } = await signedIn(deps, user);
    const answer = await outcome(call(caller as unknown as AnyCaller, path, {}));
    table[path] = answer === `FORBIDDEN ${reason}` ? 'gated' : 'passes';
  }
  return table;
}

describe('the account gate over every procedure', () => {
  it('has only queries and mutations to check (a subscription would need its own case here)', () => {
    expect(procedures.length).toBeGreaterThan(50);
    for (const [, procedure] of procedures) expect(procedure._def.type).not.toBe('subscription');
  });

  it('a user who must change their password reaches only auth.me, auth.logout, auth.changePassword', async () => {
    const { user } = await createTestUser(deps.db, { roles: ['admin'], firstTimeLogin: true });
    const table = await gateTable(user, 'PASSWORD_CHANGE_REQUIRED');
    const passes = Object.keys(table).filter((path) => table[path] === 'passes');
    expect(passes.sort()).toEqual(['auth.changePassword', 'auth.logout', 'auth.me']);
    expect(Object.keys(table)).toContain('users.list');
  });

  it('a user who must enrol in 2FA reaches only auth.me, auth.logout, auth.setEmail2fa and auth.totp.*', async () => {
    const org = await createTestOrg(deps.db, { requireTwoFactor: true });
    const { user } = await createTestUser(deps.db, { roles: ['client_admin'], organizationId: org.id });
    const table = await gateTable(user, 'TWO_FACTOR_ENROLLMENT_REQUIRED');
    const passes = Object.keys(table).filter((path) => table[path] === 'passes');
    const expected = ['auth.logout', 'auth.me', 'auth.setEmail2fa'];
    expect(passes.filter((path) => !path.startsWith('auth.totp.')).sort()).toEqual(expected);
  });

  it('puts the reason in error.data, where clients read it', async () => {
    const { user } = await createTestUser(deps.db, { firstTimeLogin: true });
    const { caller } = await signedIn(deps, user);
    const error = await errorOf(caller.auth.sessions());
    expect(error.code).toBe('FORBIDDEN');
    const shape = appRouter._def._config.errorFormatter({
      error,
      type: 'query',
      path: 'auth.sessions',
      input: undefined,
      ctx: undefined,
      shape: {
        code: -32003,
        message: error.message,
        data: { code: 'FORBIDDEN', httpStatus: 403, path: 'auth.sessions' },
      },
    }) as { data: { reason?: string } };
    expect(shape.data.reason).toBe('PASSWORD_CHANGE_REQUIRED');
  });
});

describe('forced password change (firstTimeLogin)', () => {
  it('an account an admin created with a password must choose a new one; the next request is let through', async () => {
    const { user: admin } = await createTestUser(deps.db, { roles: ['admin'] });
    const asAdmin = await signedIn(deps, admin);
    const email = `forced-${Date.now()}@example.test`;
    await asAdmin.caller.users.create({
      email,
      firstName: 'Fern',
      lastName: 'Forced',
      roles: ['staff'],
      password: 'set by the admin 42',
    });
    const login = await callerFor(deps).caller.auth.login({ email, password: 'set by the admin 42' });
    if (login.status !== 'authenticated') throw new Error('expected a session');
    const { caller } = callerFor(deps, { token: login.token });

    expect(await caller.auth.me()).toMatchObject({ mustChangePassword: true, mustEnrollTwoFactor: false });
    expect(await outcome(caller.dashboard.summary())).toBe('FORBIDDEN PASSWORD_CHANGE_REQUIRED');

    const weak = await errorOf(
      caller.auth.changePassword({ currentPassword: 'set by the admin 42', newPassword: 'password1234' }),
    );
    expect(weak.code).toBe('BAD_REQUEST');
    expect(fieldErrorsOf(weak).newPassword?.[0]).toMatch(/too easy to guess/);

    await caller.auth.changePassword({ currentPassword: 'set by the admin 42', newPassword: NEW_PASSWORD });
    expect(await caller.auth.me()).toMatchObject({ mustChangePassword: false, firstTimeLogin: false });
    expect(await outcome(caller.auth.sessions())).toBe('ok');
  });

  it('users who chose their own password (the test factory default) are not gated', async () => {
    const { user } = await createTestUser(deps.db);
    const { caller } = await signedIn(deps, user);
    expect(await caller.auth.me()).toMatchObject({ mustChangePassword: false, mustEnrollTwoFactor: false });
    expect(await outcome(caller.auth.sessions())).toBe('ok');
  });
});

describe('enforced 2FA', () => {
  it('a member of an organisation that requires 2FA must enrol; turning email codes on lets the next request through', async () => {
    const org = await createTestOrg(deps.db, { requireTwoFactor: true });
    const { user } = await createTestUser(deps.db, { organizationId: org.id });
    const { caller } = await signedIn(deps, user);
    expect(await caller.auth.me()).toMatchObject({ mustEnrollTwoFactor: true, mustChangePassword: false });
    expect(await outcome(caller.auth.sessions())).toBe('FORBIDDEN TWO_FACTOR_ENROLLMENT_REQUIRED');
    expect(await outcome(caller.auth.setEmail2fa({ enabled: true, password: TEST_PASSWORD }))).toBe('ok');
    expect(await caller.auth.me()).toMatchObject({ mustEnrollTwoFactor: false, email2faEnabled: true });
    expect(await outcome(caller.auth.sessions())).toBe('ok');
  });

  it('an authenticator app counts as 2FA: enrolling one lets the next request through', async () => {
    const org = await createTestOrg(deps.db, { requireTwoFactor: true });
    const { user } = await createTestUser(deps.db, { organizationId: org.id });
    const { caller } = await signedIn(deps, user);
    expect(await outcome(caller.auth.sessions())).toBe('FORBIDDEN TWO_FACTOR_ENROLLMENT_REQUIRED');
    const { uri } = await caller.auth.totp.enroll({ currentPassword: TEST_PASSWORD });
    // The previous step's code (one step of drift is accepted): no wait for a fresh step.
    const code = (URI.parse(uri) as TOTP).generate({ timestamp: Date.now() - 30_000 });
    await caller.auth.totp.confirm({ code });
    expect(await caller.auth.me()).toMatchObject({ mustEnrollTwoFactor: false, email2faEnabled: false });
    expect(await outcome(caller.auth.sessions())).toBe('ok');
  });

  it('members of organisations that do not require it, and users with 2FA, are not gated', async () => {
    const relaxed = await createTestOrg(deps.db);
    const strict = await createTestOrg(deps.db, { requireTwoFactor: true });
    const { user: free } = await createTestUser(deps.db, { organizationId: relaxed.id });
    const { user: enrolled } = await createTestUser(deps.db, {
      organizationId: strict.id,
      email2faEnabled: true,
    });
    for (const user of [free, enrolled]) {
      const { caller } = await signedIn(deps, user);
      expect(await outcome(caller.auth.sessions())).toBe('ok');
    }
  });

  it('a password change comes first when both are due', async () => {
    const org = await createTestOrg(deps.db, { requireTwoFactor: true });
    const { user } = await createTestUser(deps.db, { organizationId: org.id, firstTimeLogin: true });
    const { caller } = await signedIn(deps, user);
    expect(await caller.auth.me()).toMatchObject({ mustChangePassword: true, mustEnrollTwoFactor: true });
    expect(await outcome(caller.auth.setEmail2fa({ enabled: true, password: TEST_PASSWORD }))).toBe(
      'FORBIDDEN PASSWORD_CHANGE_REQUIRED',
    );
    await caller.auth.changePassword({ currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD });
    expect(await outcome(caller.auth.sessions())).toBe('FORBIDDEN TWO_FACTOR_ENROLLMENT_REQUIRED');
  });

  it('REQUIRE_2FA_ROLES requires it of every holder of those roles, in any organisation or none', async () => {
    const strictDeps = await createTestDeps({ REQUIRE_2FA_ROLES: 'admin,support' });
    try {
      const org = await createTestOrg(strictDeps.db);
      const { user: support } = await createTestUser(strictDeps.db, { roles: ['support'] });
      const { user: admin } = await createTestUser(strictDeps.db, {
        roles: ['admin', 'staff'],
        organizationId: org.id,
      });
      const { user: staff } = await createTestUser(strictDeps.db, {
        roles: ['staff'],
        organizationId: org.id,
      });
      const { user: enrolled } = await createTestUser(strictDeps.db, {
        roles: ['admin'],
        email2faEnabled: true,
      });
      const gated = async (user: { id: string }) =>
        outcome((await signedIn(strictDeps, user)).caller.auth.sessions());
      expect(await gated(support)).toBe('FORBIDDEN TWO_FACTOR_ENROLLMENT_REQUIRED');
      expect(await gated(admin)).toBe('FORBIDDEN TWO_FACTOR_ENROLLMENT_REQUIRED');
      expect(await gated(staff)).toBe('ok');
      expect(await gated(enrolled)).toBe('ok');
      // The same users under the default configuration (no roles required).
      expect(await outcome((await signedIn(deps, support)).caller.auth.sessions())).toBe('ok');
    } finally {
      await strictDeps.close();
    }
  });
});

describe('the password rule wherever a password is set', () => {
  it('auth.changePassword: 11 characters, 129, a common one and the email are refused; a strong 12 is accepted', async () => {
    const { user } = await createTestUser(deps.db);
    const { caller } = await signedIn(deps, user);
    const refused = async (newPassword: string) =>
      fieldErrorsOf(
        await errorOf(caller.auth.changePassword({ currentPassword: TEST_PASSWORD, newPassword })),
      ).newPassword?.[0];
    expect(await refused('qK8#vz2Lm!p')).toBe('Password must be at least 12 characters');
    expect(await refused('x'.repeat(129))).toBe('Password must be at most 128 characters');
    expect(await refused('password1234')).toMatch(/^This password is too easy to guess/);
    expect(await refused(user.email)).toBe('The password must not be the same as the email address');
    await caller.auth.changePassword({ currentPassword: TEST_PASSWORD, newPassword: 'qK8#vz2Lm!pR' });
  });

  it('users.create with a password applies it too', async () => {
    const { user: admin } = await createTestUser(deps.db, { roles: ['admin'] });
    const { caller } = await signedIn(deps, admin);
    const error = await errorOf(
      caller.users.create({
        email: `weak-${Date.now()}@example.test`,
        firstName: 'Wren',
        lastName: 'Weak',
        roles: ['staff'],
        password: 'qwertyuiop123',
      }),
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(fieldErrorsOf(error).password?.[0]).toMatch(/too easy to guess/);
  });
});
