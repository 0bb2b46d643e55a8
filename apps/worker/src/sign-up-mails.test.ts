import { createTestUser, workerDatabase } from '@praxis/db/testing';
import { enqueueMail } from '@praxis/jobs';
import { startSmtpCapture } from '@praxis/mail/testing';
import { describe, expect, it, onTestFinished } from 'vitest';
import { completionOf, inMinutes, startMailTestBed } from './testing';

async function smtpCapture() {
  const capture = await startSmtpCapture();
  onTestFinished(() => capture.close());
  return capture;
}

describe('sign-up mails', () => {
  it('sends the confirmation link of a pending account (pending is what sign-up accounts are)', async () => {
    const { db } = (await workerDatabase()).handle;
    const capture = await smtpCapture();
    const bed = await startMailTestBed(capture.url, { db });
    const { user } = await createTestUser(db, { status: 'pending', roles: [] });
    const done = completionOf(bed.worker, 'confirm-email-c1');
    await enqueueMail(
      bed.queue,
      'confirm-email',
      { to: user.email, name: 'Ada', token: 't'.repeat(43), expiresAt: inMinutes(60 * 24) },
      'c1',
    );
    expect(await done).toBe('sent');
    const mail = await capture.waitFor(user.email);
    expect(mail.subject).toBe('Confirm your email address for Praxis');
    expect(mail.body).toContain(`/confirm-email?token=${'t'.repeat(43)}`);
  });

  it('drops the approval news of an account disabled before it went out, sends it otherwise', async () => {
    const { db } = (await workerDatabase()).handle;
    const capture = await smtpCapture();
    const bed = await startMailTestBed(capture.url, { db });
    const { user: disabled } = await createTestUser(db, { status: 'inactive' });
    const { user: active } = await createTestUser(db);
    for (const [user, key, result] of [
      [disabled, 'a1', 'skipped-account-blocked'],
      [active, 'a2', 'sent'],
    ] as const) {
      const done = completionOf(bed.worker, `account-approved-${key}`);
      await enqueueMail(bed.queue, 'account-approved', { to: user.email, name: 'Ada', userId: user.id }, key);
      expect(await done).toBe(result);
    }
    expect((await capture.waitFor(active.email)).subject).toBe('Your Praxis account is approved');
    expect(capture.mailsTo(disabled.email)).toEqual([]);
  });

  it('waits for an approval whose transaction has not committed yet, and drops one that never does', async () => {
    const { db } = (await workerDatabase()).handle;
    const capture = await smtpCapture();
    const bed = await startMailTestBed(capture.url, { db });
    // users.approve queues the mail inside its transaction: the worker may see the account pending.
    const { user } = await createTestUser(db, { status: 'pending', roles: [] });
    const done = completionOf(bed.worker, 'account-approved-w1');
    await enqueueMail(bed.queue, 'account-approved', { to: user.email, name: 'Ada', userId: user.id }, 'w1');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await db
      .updateTable('users')
      .set({ status: 'active', approvedAt: new Date() })
      .where('id', '=', user.id)
      .execute();
    expect(await done).toBe('sent');
    expect((await capture.waitFor(user.email)).subject).toBe('Your Praxis account is approved');

    const impatient = await startMailTestBed(capture.url, { db, newAccountGraceMs: 0 });
    const { user: never } = await createTestUser(db, { status: 'pending', roles: [] });
    const dropped = completionOf(impatient.worker, 'account-approved-w2');
    await enqueueMail(
      impatient.queue,
      'account-approved',
      { to: never.email, name: 'Ada', userId: never.id },
      'w2',
    );
    expect(await dropped).toBe('skipped-account-blocked');
  });
});
