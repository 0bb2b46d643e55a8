import type { Executor } from '@praxis/db';
import { createTestOrg, createTestUser, workerDatabase } from '@praxis/db/testing';
import { enqueueMail, type MailKind } from '@praxis/jobs';
import { startSmtpCapture } from '@praxis/mail/testing';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { completionOf, inMinutes, startMailTestBed } from './testing';

async function smtpCapture() {
  const capture = await startSmtpCapture();
  onTestFinished(() => capture.close());
  return capture;
}

type LinkKind = Extract<MailKind, 'password-reset' | 'set-password'>;

/** Queues a link mail for `user` as the API does, and resolves with what the worker made of it. */
async function sendLink(
  bed: Awaited<ReturnType<typeof startMailTestBed>>,
  kind: LinkKind,
  user: { id: string; email: string },
  jobKey: string,
) {
  const done = completionOf(bed.worker, `${kind}-${jobKey}`);
  await enqueueMail(
    bed.queue,
    kind,
    { to: user.email, name: 'Ada', userId: user.id, token: 'k'.repeat(43), expiresAt: inMinutes(60) },
    jobKey,
  );
  return done;
}

describe('password links are checked against the account just before sending', () => {
  it('drops the mail when the account can no longer sign in, and logs why (ids only)', async () => {
    const { db } = (await workerDatabase()).handle;
    const capture = await smtpCapture();
    const bed = await startMailTestBed(capture.url, { db });
    const inactiveOrg = await createTestOrg(db, { status: 'inactive' });
    const archivedOrg = await createTestOrg(db, { archivedAt: new Date() });
    const blocked = [
      [{ status: 'inactive' }, 'disabled'],
      [{ status: 'suspended', suspendedUntil: new Date(Date.now() + 3600_000) }, 'suspended'],
      [{ status: 'pending' }, 'pending'],
      [{ archivedAt: new Date() }, 'archived'],
      [{ effectiveDate: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10) }, 'not_yet_effective'],
      [{ organizationId: inactiveOrg.id }, 'organization_inactive'],
      [{ organizationId: archivedOrg.id }, 'organization_inactive'],
    ] as const;
    for (const [index, [state, reason]] of blocked.entries()) {
      const { user } = await createTestUser(db, state);
      for (const kind of ['password-reset', 'set-password'] as const) {
        expect(await sendLink(bed, kind, user, `blocked${index}`)).toBe('skipped-account-blocked');
        expect(bed.logs.lines).toContainEqual(
          expect.objectContaining({
            msg: 'mail dropped: the account could not use it',
            jobId: `${kind}-blocked${index}`,
            userId: user.id,
            reason,
          }),
        );
      }
      expect(capture.mailsTo(user.email)).toEqual([]);
    }
    expect(bed.logs.text()).not.toContain('k'.repeat(43));
  });

  it('drops the mail of an account disabled or deleted after the link was requested', async () => {
    const { db } = (await workerDatabase()).handle;
    const capture = await smtpCapture();
    // No grace for accounts not found yet: a deleted account's link is dropped at its first try.
    const bed = await startMailTestBed(capture.url, { db, newAccountGraceMs: 0 });
    const { user: disabledLater } = await createTestUser(db);
    const { user: deletedLater } = await createTestUser(db);
    await bed.queue.pause();
    const first = sendLink(bed, 'password-reset', disabledLater, 'changed1');
    const second = sendLink(bed, 'set-password', deletedLater, 'changed2');
    await vi.waitFor(async () => expect(await bed.queue.getWaitingCount()).toBe(2));
    await setStatus(db, disabledLater.id, 'inactive');
    await db.deleteFrom('users').where('id', '=', deletedLater.id).execute();
    await bed.queue.resume();

    expect(await first).toBe('skipped-account-blocked');
    expect(await second).toBe('skipped-account-blocked');
    expect(bed.logs.lines).toContainEqual(
      expect.objectContaining({ userId: deletedLater.id, reason: 'deleted' }),
    );
    expect(capture.messages).toEqual([]);
  });

  it('still sends to an active account and to one whose suspension has lapsed', async () => {
    const { db } = (await workerDatabase()).handle;
    const capture = await smtpCapture();
    const bed = await startMailTestBed(capture.url, { db });
    const { user: active } = await createTestUser(db, { organizationId: (await createTestOrg(db)).id });
    const { user: lapsed } = await createTestUser(db, {
      status: 'suspended',
      suspendedUntil: new Date(Date.now() - 1000),
    });
    expect(await sendLink(bed, 'password-reset', active, 'ok1')).toBe('sent');
    expect(await sendLink(bed, 'set-password', lapsed, 'ok2')).toBe('sent');
    expect((await capture.waitFor(active.email)).subject).toBe('Reset your Praxis password');
    expect(capture.mailsTo(lapsed.email)).toHaveLength(1);
  });

  it('waits for an account whose creating transaction has not committed yet (users.create queues inside it)', async () => {
    const { db } = (await workerDatabase()).handle;
    const capture = await smtpCapture();
    const bed = await startMailTestBed(capture.url, { db });
    const { user: template } = await createTestUser(db);
    await db.deleteFrom('users').where('id', '=', template.id).execute();
    // The link is queued before the account exists, as inside users.create's transaction.
    const done = sendLink(bed, 'set-password', template, 'notyet1');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await createTestUser(db, { id: template.id, email: template.email });
    expect(await done).toBe('sent');
    expect(JSON.stringify(capture.messages.map((m) => m.to))).toContain(template.email);
  });
});

function setStatus(db: Executor, id: string, status: 'inactive') {
  return db.updateTable('users').set({ status }).where('id', '=', id).execute();
}
