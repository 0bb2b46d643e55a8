import { createTestUser, TEST_PASSWORD } from '@praxis/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeFromMail, type E2E, failure, startE2E } from '../testing';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e?.close());

/** Signs in a 2FA user and returns the challenge and the code the worker mailed. */
async function startChallenge(email: string, mailsBefore = 0) {
  const result = await e2e.client().auth.login.mutate({ email, password: TEST_PASSWORD });
  if (result.status !== '2fa_required') throw new Error('expected a 2FA challenge');
  const mail = await e2e.smtp.waitFor(email, () => e2e.smtp.mailsTo(email).length > mailsBefore);
  const latest = e2e.smtp.mailsTo(email).at(-1) ?? mail;
  return { challengeId: result.challengeId, code: codeFromMail(latest.body), mail: latest };
}

describe('sign-in with an email code, through the real worker and SMTP', () => {
  it('mails a 6-digit code (text and HTML) that signs the user in, once', async () => {
    const { user } = await createTestUser(e2e.db, { email2faEnabled: true });
    const { challengeId, code, mail } = await startChallenge(user.email);
    expect(mail.raw).toMatch(/text\/plain/);
    expect(mail.raw).toMatch(/text\/html/);
    const signedIn = await e2e.client().auth.verify2fa.mutate({ challengeId, code });
    expect(signedIn.status).toBe('authenticated');
    expect(signedIn.user.id).toBe(user.id);
    const me = await e2e.client({ token: signedIn.token }).auth.me.query();
    expect(me.email).toBe(user.email);
    const reused = await failure(e2e.client().auth.verify2fa.mutate({ challengeId, code }));
    expect(reused.data.code).toBe('UNAUTHORIZED');
  });

  it('counts wrong codes and refuses the 6th try, even with the right code', async () => {
    const { user } = await createTestUser(e2e.db, { email2faEnabled: true });
    const { challengeId, code } = await startChallenge(user.email);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let attempt = 1; attempt <= 5; attempt++) {
      const error = await failure(e2e.client().auth.verify2fa.mutate({ challengeId, code: wrong }));
      expect(error.data.code).toBe('UNAUTHORIZED');
      if (attempt < 5)
        expect(error.message).toContain(`${5 - attempt} ${5 - attempt === 1 ? 'try' : 'tries'} left`);
    }
    const sixth = await failure(e2e.client().auth.verify2fa.mutate({ challengeId, code }));
    expect(sixth.data.code).toBe('UNAUTHORIZED');
    expect(sixth.message).toMatch(/Sign in again/);
  });

  it('refuses a code after it expires', async () => {
    const { user } = await createTestUser(e2e.db, { email2faEnabled: true });
    const { challengeId, code } = await startChallenge(user.email);
    await e2e.db
      .updateTable('twoFactorChallenges')
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where('id', '=', challengeId)
      .execute();
    const error = await failure(e2e.client().auth.verify2fa.mutate({ challengeId, code }));
    expect(error.data.code).toBe('UNAUTHORIZED');
  });

  it('resend mails a new code that replaces the old one, and is rate limited', async () => {
    const { user } = await createTestUser(e2e.db, { email2faEnabled: true });
    const first = await startChallenge(user.email);
    await e2e.client().auth.resend2fa.mutate({ challengeId: first.challengeId });
    await e2e.smtp.waitFor(user.email, () => e2e.smtp.mailsTo(user.email).length >= 2);
    const second = codeFromMail(e2e.smtp.mailsTo(user.email).at(-1)?.body ?? '');
    if (second !== first.code) {
      const old = await failure(
        e2e.client().auth.verify2fa.mutate({ challengeId: first.challengeId, code: first.code }),
      );
      expect(old.data.code).toBe('UNAUTHORIZED');
    }
    // Five mails per account per window: the login's and four resends; the next is refused.
    for (let sent = 3; sent <= 5; sent++) {
      await e2e.client().auth.resend2fa.mutate({ challengeId: first.challengeId });
      await e2e.smtp.waitFor(user.email, () => e2e.smtp.mailsTo(user.email).length >= sent);
    }
    const limited = await failure(e2e.client().auth.resend2fa.mutate({ challengeId: first.challengeId }));
    expect(limited.data.code).toBe('TOO_MANY_REQUESTS');
    expect(limited.data.retryAfterSeconds).toBeGreaterThan(0);
    const latest = codeFromMail(e2e.smtp.mailsTo(user.email).at(-1)?.body ?? '');
    const verified = await e2e
      .client()
      .auth.verify2fa.mutate({ challengeId: first.challengeId, code: latest });
    expect(verified.status).toBe('authenticated');
  });
});
