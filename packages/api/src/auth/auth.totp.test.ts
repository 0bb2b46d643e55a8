import { createTestUser, TEST_PASSWORD } from '@praxis/db/testing';
import { TOTP, URI } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../deps';
import { callerFor, createTestDeps, errorOf, fieldErrorsOf, signedIn } from '../testing';

// The authenticator app (RFC 6238) and backup codes, against real Postgres and Redis. Codes are
// made by otpauth from the secret in the enrolment URI, the way a phone app makes them.

let deps: ApiDeps & { close(): Promise<void> };
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(() => deps.close());

const STEP_MS = 30_000;
const codeAt = (totp: TOTP, offsetSteps = 0) =>
  totp.generate({ timestamp: Date.now() + offsetSteps * STEP_MS });
const stepOf = (ms = Date.now()) => Math.floor(ms / STEP_MS);
/** A code `offsetSteps` from now, made at least 2 s before the step ends (so the server sees the same step). */
async function freshCode(totp: TOTP, offsetSteps = 0) {
  const left = STEP_MS - (Date.now() % STEP_MS);
  if (left < 2000) await new Promise((resolve) => setTimeout(resolve, left + 50));
  return codeAt(totp, offsetSteps);
}

async function enrolled(overrides: Parameters<typeof createTestUser>[1] = {}) {
  const { user } = await createTestUser(deps.db, overrides);
  const session = await signedIn(deps, user);
  const { uri, qrSvg } = await session.caller.auth.totp.enroll({ currentPassword: TEST_PASSWORD });
  const totp = URI.parse(uri) as TOTP;
  // Confirm with the previous step's code (drift allowed), so the current and next steps stay
  // free for the sign-in checks below.
  const { backupCodes } = await session.caller.auth.totp.confirm({ code: await freshCode(totp, -1) });
  return { user, session, uri, qrSvg, totp, backupCodes };
}

async function challengeFor(email: string) {
  const answer = await callerFor(deps).caller.auth.login({ email, password: TEST_PASSWORD });
  if (answer.status !== '2fa_required') throw new Error('expected a 2FA challenge');
  return answer;
}

describe('auth.totp.enroll / confirm', () => {
  it('answers an otpauth URI (SHA-1, 6 digits, 30 s) and a QR SVG; only a right code turns it on', async () => {
    const { user } = await createTestUser(deps.db);
    const { caller } = await signedIn(deps, user);
    const { uri, qrSvg } = await caller.auth.totp.enroll({ currentPassword: TEST_PASSWORD });
    expect(uri).toMatch(/^otpauth:\/\/totp\//);
    const totp = URI.parse(uri);
    expect(totp).toBeInstanceOf(TOTP);
    expect(totp).toMatchObject({
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      issuer: 'Praxis',
      label: user.email,
    });
    expect(qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    // Nothing changes until confirm: sign-in is still password only.
    expect((await caller.auth.me()).twoFactorMethods).toEqual([]);
    const signIn = await callerFor(deps).caller.auth.login({ email: user.email, password: TEST_PASSWORD });
    expect(signIn.status).toBe('authenticated');

    const wrong = await errorOf(caller.auth.totp.confirm({ code: wrongCode(totp as TOTP) }));
    expect(wrong.code).toBe('BAD_REQUEST');
    expect(wrong.message).toMatch(/Wrong code\. 4 tries left/);

    const { backupCodes } = await caller.auth.totp.confirm({ code: await freshCode(totp as TOTP) });
    expect(backupCodes).toHaveLength(10);
    expect(new Set(backupCodes).size).toBe(10);
    for (const code of backupCodes) expect(code).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    expect((await caller.auth.me()).twoFactorMethods).toEqual(['totp', 'backup']);
    expect(await caller.auth.backupCodes.remaining()).toEqual({ remaining: 10 });

    const actions = await auditActions(user.id);
    expect(actions).toEqual([
      'auth.totp_enroll_started',
      'auth.login',
      'auth.totp_enroll_failed',
      'auth.totp_enrolled',
    ]);
  });

  it('needs the current password, and a new enroll replaces the pending secret', async () => {
    const { user } = await createTestUser(deps.db);
    const { caller } = await signedIn(deps, user);
    const refused = await errorOf(caller.auth.totp.enroll({ currentPassword: 'not my password at all' }));
    expect(refused.code).toBe('BAD_REQUEST');
    expect(fieldErrorsOf(refused)).toEqual({ currentPassword: ['The password is not correct'] });

    const first = URI.parse((await caller.auth.totp.enroll({ currentPassword: TEST_PASSWORD })).uri) as TOTP;
    const second = URI.parse((await caller.auth.totp.enroll({ currentPassword: TEST_PASSWORD })).uri) as TOTP;
    expect(second.secret.base32).not.toBe(first.secret.base32);
    const stale = await errorOf(caller.auth.totp.confirm({ code: codeAt(first) }));
    expect(stale.code).toBe('BAD_REQUEST');
    await caller.auth.totp.confirm({ code: await freshCode(second) });
    const again = await errorOf(caller.auth.totp.enroll({ currentPassword: TEST_PASSWORD }));
    expect(again.code).toBe('CONFLICT');
  });

  it('drops a pending enrolment after 5 wrong codes', async () => {
    const { user } = await createTestUser(deps.db);
    const { caller } = await signedIn(deps, user);
    const totp = URI.parse((await caller.auth.totp.enroll({ currentPassword: TEST_PASSWORD })).uri) as TOTP;
    for (let i = 0; i < 5; i++) await errorOf(caller.auth.totp.confirm({ code: wrongCode(totp) }));
    const dead = await errorOf(caller.auth.totp.confirm({ code: codeAt(totp) }));
    expect(dead.message).toMatch(/Start the set-up again/);
  });

  it('stores the secret encrypted (AES-256-GCM), never in clear, and answers it only in the URI', async () => {
    const { user, uri, backupCodes, session } = await enrolled();
    const secret = (URI.parse(uri) as TOTP).secret;
    const row = await deps.db
      .selectFrom('totpCredentials')
      .selectAll()
      .where('userId', '=', user.id)
      .executeTakeFirstOrThrow();
    const stored = JSON.stringify(row);
    for (const form of [secret.base32, secret.hex, Buffer.from(secret.bytes).toString('base64')]) {
      expect(stored.toLowerCase()).not.toContain(form.toLowerCase());
    }
    expect(row.secretEncrypted).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(row.pendingSecretEncrypted).toBeNull();
    // Backup codes are stored as keyed hashes only.
    const hashes = await deps.db
      .selectFrom('backupCodes')
      .selectAll()
      .where('userId', '=', user.id)
      .execute();
    expect(hashes).toHaveLength(10);
    const storedCodes = JSON.stringify(hashes);
    for (const code of backupCodes) {
      expect(storedCodes).not.toContain(code);
      expect(storedCodes).not.toContain(code.replace(/-/g, ''));
    }
    // No other answer carries the secret.
    const answers = JSON.stringify([
      await session.caller.auth.me(),
      await session.caller.auth.backupCodes.remaining(),
      await challengeFor(user.email),
    ]);
    expect(answers).not.toContain(secret.base32);
    expect(answers).not.toContain(row.secretEncrypted);
  });
});

describe('auth.verify2fa with the authenticator app', () => {
  it('the sign-in challenge names the methods and mails nothing when email codes are off', async () => {
    const { user } = await enrolled();
    const answer = await challengeFor(user.email);
    expect(answer.methods).toEqual(['totp', 'backup']);
    const challenge = await deps.db
      .selectFrom('twoFactorChallenges')
      .selectAll()
      .where('id', '=', answer.challengeId)
      .executeTakeFirstOrThrow();
    expect(challenge.codeHash).toBe('');
    expect(await auditActions(user.id)).not.toContain('auth.2fa_sent');
    const resend = await errorOf(callerFor(deps).caller.auth.resend2fa({ challengeId: answer.challengeId }));
    expect(resend.code).toBe('BAD_REQUEST');

    const both = await enrolled({ email2faEnabled: true });
    expect((await challengeFor(both.user.email)).methods).toEqual(['email', 'totp', 'backup']);
    expect(await auditActions(both.user.id)).toContain('auth.2fa_sent');
  });

  it('offers backup codes only while one is left unused', async () => {
    const { user } = await enrolled();
    const useCodes = (keep: number) =>
      deps.db
        .updateTable('backupCodes')
        .set({ usedAt: new Date() })
        .where('userId', '=', user.id)
        .where('usedAt', 'is', null)
        .where('id', 'not in', (eb) =>
          eb.selectFrom('backupCodes').select('id').where('userId', '=', user.id).orderBy('id').limit(keep),
        )
        .execute();
    await useCodes(1);
    expect((await challengeFor(user.email)).methods).toEqual(['totp', 'backup']);
    await useCodes(0);
    expect((await challengeFor(user.email)).methods).toEqual(['totp']);
  });

  it('accepts a current code once: the same code (or an older step) is refused afterwards', async () => {
    const { user, totp } = await enrolled();
    const first = await challengeFor(user.email);
    const code = await freshCode(totp);
    const ok = await callerFor(deps).caller.auth.verify2fa({ challengeId: first.challengeId, code });
    expect(ok.status).toBe('authenticated');
    expect(ok.user.id).toBe(user.id);

    const second = await challengeFor(user.email);
    const replay = await errorOf(
      callerFor(deps).caller.auth.verify2fa({ challengeId: second.challengeId, code }),
    );
    expect(replay.code).toBe('UNAUTHORIZED');
    expect(replay.message).toMatch(/Wrong code/);
    const older = await errorOf(
      callerFor(deps).caller.auth.verify2fa({ challengeId: second.challengeId, code: codeAt(totp, -1) }),
    );
    expect(older.code).toBe('UNAUTHORIZED');
    const verified = await deps.db
      .selectFrom('auditEvents')
      .select('metadata')
      .where('targetId', '=', user.id)
      .where('action', '=', 'auth.2fa_verified')
      .execute();
    expect(verified.map((row) => row.metadata)).toEqual([{ method: 'totp' }]);
  });

  it('accepts one step of clock drift either way, not two', async () => {
    for (const [offset, accepted] of [
      [1, true],
      [-1, true],
      [2, false],
      [-2, false],
    ] as const) {
      const { user, totp } = await enrolled();
      // As if the last code was used a while ago, so the step behind is free too.
      await deps.db
        .updateTable('totpCredentials')
        .set({ lastUsedStep: stepOf() - 10 })
        .where('userId', '=', user.id)
        .execute();
      const { challengeId } = await challengeFor(user.email);
      const result = callerFor(deps).caller.auth.verify2fa({
        challengeId,
        code: await freshCode(totp, offset),
      });
      if (accepted)
        expect({ offset, status: (await result).status }).toEqual({ offset, status: 'authenticated' });
      else expect({ offset, code: (await errorOf(result)).code }).toEqual({ offset, code: 'UNAUTHORIZED' });
    }
  });

  it('counts wrong authenticator codes against the challenge: 5 and it is dead', async () => {
    const { user, totp } = await enrolled();
    const { challengeId } = await challengeFor(user.email);
    for (let i = 0; i < 5; i++) {
      const error = await errorOf(
        callerFor(deps).caller.auth.verify2fa({ challengeId, code: wrongCode(totp) }),
      );
      expect(error.code).toBe('UNAUTHORIZED');
    }
    const dead = await errorOf(
      callerFor(deps).caller.auth.verify2fa({ challengeId, code: await freshCode(totp) }),
    );
    expect(dead.message).toMatch(/Sign in again/);
  });

  it('locks 2FA sign-in for the account after 10 wrong codes, across new challenges', async () => {
    const { user, totp } = await enrolled();
    for (let i = 0; i < 10; i++) {
      const { challengeId } = await challengeFor(user.email);
      const error = await errorOf(
        callerFor(deps).caller.auth.verify2fa({ challengeId, code: wrongCode(totp) }),
      );
      expect(error.code).toBe('UNAUTHORIZED');
    }
    const { challengeId } = await challengeFor(user.email);
    const locked = await errorOf(
      callerFor(deps).caller.auth.verify2fa({ challengeId, code: await freshCode(totp) }),
    );
    expect(locked.code).toBe('TOO_MANY_REQUESTS');
  });
});

describe('backup codes', () => {
  it('sign in once each; the count left drops; each use is audited with the count left', async () => {
    const { user, backupCodes, session } = await enrolled();
    const [code] = backupCodes as [string];
    const first = await challengeFor(user.email);
    // Typed in upper case without dashes still counts.
    const ok = await callerFor(deps).caller.auth.verify2fa({
      challengeId: first.challengeId,
      code: code.replace(/-/g, '').toUpperCase(),
    });
    expect(ok.status).toBe('authenticated');
    expect(await session.caller.auth.backupCodes.remaining()).toEqual({ remaining: 9 });

    const second = await challengeFor(user.email);
    const reused = await errorOf(
      callerFor(deps).caller.auth.verify2fa({ challengeId: second.challengeId, code }),
    );
    expect(reused.code).toBe('UNAUTHORIZED');
    expect(await session.caller.auth.backupCodes.remaining()).toEqual({ remaining: 9 });

    const used = await deps.db
      .selectFrom('auditEvents')
      .select('metadata')
      .where('targetId', '=', user.id)
      .where('action', '=', 'auth.backup_code_used')
      .execute();
    expect(used.map((row) => row.metadata)).toEqual([{ remaining: 9 }]);
  });

  it('regenerate needs the password and voids the old set', async () => {
    const { user, backupCodes: old, session } = await enrolled();
    const refused = await errorOf(
      session.caller.auth.backupCodes.regenerate({ currentPassword: 'not my password at all' }),
    );
    expect(refused.code).toBe('BAD_REQUEST');
    const { backupCodes } = await session.caller.auth.backupCodes.regenerate({
      currentPassword: TEST_PASSWORD,
    });
    expect(backupCodes).toHaveLength(10);
    expect(backupCodes.some((code) => old.includes(code))).toBe(false);
    const a = await challengeFor(user.email);
    const stale = await errorOf(
      callerFor(deps).caller.auth.verify2fa({ challengeId: a.challengeId, code: old[0] ?? '' }),
    );
    expect(stale.code).toBe('UNAUTHORIZED');
    const fresh = await callerFor(deps).caller.auth.verify2fa({
      challengeId: a.challengeId,
      code: backupCodes[0] ?? '',
    });
    expect(fresh.status).toBe('authenticated');
    expect(await auditActions(user.id)).toContain('auth.backup_codes_regenerated');
  });

  it('regenerate is refused without an authenticator app', async () => {
    const { user } = await createTestUser(deps.db);
    const { caller } = await signedIn(deps, user);
    const error = await errorOf(caller.auth.backupCodes.regenerate({ currentPassword: TEST_PASSWORD }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(await caller.auth.backupCodes.remaining()).toEqual({ remaining: 0 });
  });
});

describe('auth.totp.disable', () => {
  it('needs the password; then sign-in is password only and the backup codes are gone', async () => {
    const { user, session } = await enrolled();
    const refused = await errorOf(
      session.caller.auth.totp.disable({ currentPassword: 'not my password at all' }),
    );
    expect(refused.code).toBe('BAD_REQUEST');
    expect((await session.caller.auth.me()).twoFactorMethods).toEqual(['totp', 'backup']);

    expect(await session.caller.auth.totp.disable({ currentPassword: TEST_PASSWORD })).toEqual({ ok: true });
    expect((await session.caller.auth.me()).twoFactorMethods).toEqual([]);
    const signIn = await callerFor(deps).caller.auth.login({ email: user.email, password: TEST_PASSWORD });
    expect(signIn.status).toBe('authenticated');
    expect(await session.caller.auth.backupCodes.remaining()).toEqual({ remaining: 0 });
    expect(await auditActions(user.id)).toContain('auth.totp_disabled');
  });
});

function wrongCode(totp: TOTP): string {
  const valid = new Set([-1, 0, 1].map((offset) => codeAt(totp, offset)));
  let code = '000000';
  for (let n = 0; valid.has(code); n++) code = String(n).padStart(6, '0');
  return code;
}

async function auditActions(userId: string) {
  const rows = await deps.db
    .selectFrom('auditEvents')
    .select('action')
    .where('targetId', '=', userId)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
  return rows.map((row) => row.action);
}
