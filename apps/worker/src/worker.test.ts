import { randomUUID } from 'node:crypto';
import { freePort, uniqueEmail } from '@praxis/db/testing';
import { enqueueMail, type MailPayload } from '@praxis/jobs';
import { startSmtpCapture } from '@praxis/mail/testing';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { APP_URL, completionOf, inMinutes, startMailTestBed } from './testing';

async function smtpCapture() {
  const capture = await startSmtpCapture();
  onTestFinished(() => capture.close());
  return capture;
}

describe('mail worker', () => {
  it('delivers a queued 2FA code with the code in text and HTML', async () => {
    const capture = await smtpCapture();
    const { queue, worker, logs } = await startMailTestBed(capture.url);
    const to = uniqueEmail('twofa');
    const done = completionOf(worker, 'two-factor-code-c1');

    await enqueueMail(
      queue,
      'two-factor-code',
      { to, name: 'Ada Lovelace', code: '604213', expiresAt: inMinutes(10) },
      'c1',
    );

    const mail = await capture.waitFor(to);
    expect(await done).toBe('sent');
    expect(mail.subject).toBe('Your Praxis sign-in code');
    expect(mail.raw).toMatch(
      /Content-Type: text\/plain[\s\S]*604213[\s\S]*Content-Type: text\/html[\s\S]*604213/,
    );
    expect(logs.lines).toContainEqual(
      expect.objectContaining({ msg: 'mail sent', jobId: 'two-factor-code-c1', kind: 'two-factor-code' }),
    );
    expect(logs.text()).not.toContain('604213');
  });

  it('delivers a password reset with the link built from appUrl', async () => {
    const capture = await smtpCapture();
    const { queue } = await startMailTestBed(capture.url);
    const to = uniqueEmail('reset');
    const token = 'Rz4_kQ-9vX2mN7pL0aB3cD5eF8gH1jK6';

    await enqueueMail(
      queue,
      'password-reset',
      { to, name: 'Ada', userId: randomUUID(), token, expiresAt: inMinutes(60) },
      'r1',
    );

    const mail = await capture.waitFor(to);
    expect(mail.subject).toBe('Reset your Praxis password');
    expect(mail.body).toContain(`${APP_URL}/reset-password?token=${token}`);
    expect(mail.body).toContain('expires in 1 hour');
  });

  it('delivers an invitation naming the organisation and the inviter', async () => {
    const capture = await smtpCapture();
    const { queue } = await startMailTestBed(capture.url);
    const to = uniqueEmail('invitee');
    const payload: MailPayload<'invitation'> = {
      to,
      name: '',
      token: 'inv_0123456789abcdefghijklmn',
      expiresAt: inMinutes(7 * 24 * 60),
      organizationName: 'North Clinic',
      inviterName: 'Grace Hopper',
    };

    await enqueueMail(queue, 'invitation', payload, 'i1');

    const mail = await capture.waitFor(to);
    expect(mail.subject).toBe('Grace Hopper invited you to join North Clinic on Praxis');
    expect(mail.body).toContain(`${APP_URL}/accept-invite?token=inv_0123456789abcdefghijklmn`);
  });

  it('skips a mail whose code has expired: nothing is sent and the job completes', async () => {
    const capture = await smtpCapture();
    const { queue, worker, logs } = await startMailTestBed(capture.url);
    const to = uniqueEmail('late');
    const done = completionOf(worker, 'set-password-e1');

    await enqueueMail(
      queue,
      'set-password',
      { to, name: 'Ada', userId: randomUUID(), token: 'x'.repeat(32), expiresAt: inMinutes(-1) },
      'e1',
    );

    expect(await done).toBe('skipped-expired');
    expect(capture.mailsTo(to)).toEqual([]);
    expect(logs.lines).toContainEqual(
      expect.objectContaining({
        msg: 'mail skipped: its code or link has expired',
        jobId: 'set-password-e1',
      }),
    );
  });

  it('retries with backoff while SMTP is down, then keeps the job in the failed set and logs it', async () => {
    const { queue, logs } = await startMailTestBed(`smtp://127.0.0.1:${await freePort()}`);
    const payload = { to: uniqueEmail('down'), name: 'Ada', code: '771234', expiresAt: inMinutes(10) };

    const job = await queue.add('two-factor-code', payload, {
      jobId: 'two-factor-code-down',
      attempts: 2,
      backoff: { type: 'fixed', delay: 100 },
    });

    await vi.waitFor(async () => expect(await queue.getJobState(job.id ?? '')).toBe('failed'), {
      timeout: 10_000,
    });
    const failed = await queue.getJob(job.id ?? '');
    expect(failed?.attemptsMade).toBe(2);
    expect(failed?.failedReason).toMatch(/ECONNREFUSED|connect/i);

    const retry = logs.lines.find((line) => line.msg === 'job failed; it will be retried');
    const final = logs.lines.find((line) => line.msg === 'job failed for good; it stays in the failed set');
    expect(retry).toMatchObject({ level: 40, jobId: 'two-factor-code-down', attemptsMade: 1 });
    expect(final).toMatchObject({
      level: 50,
      jobId: 'two-factor-code-down',
      kind: 'two-factor-code',
      attemptsMade: 2,
    });
    expect(logs.text()).not.toContain('771234');
  });

  it('fails an invalid payload at once, without retries, and logs it without the secret', async () => {
    const capture = await smtpCapture();
    const { queue, logs } = await startMailTestBed(capture.url);
    const job = await queue.add(
      'password-reset',
      {
        to: 'not-an-email',
        name: 'Ada',
        userId: randomUUID(),
        token: 'short-secret',
        expiresAt: inMinutes(60),
      },
      { jobId: 'password-reset-invalid', attempts: 5, backoff: { type: 'fixed', delay: 100 } },
    );

    await vi.waitFor(async () => expect(await queue.getJobState(job.id ?? '')).toBe('failed'), {
      timeout: 10_000,
    });
    const failed = await queue.getJob(job.id ?? '');
    expect(failed?.attemptsMade).toBe(1);
    expect(failed?.failedReason).toBe('Invalid mail payload (to: invalid_format; token: too_small)');
    expect(logs.lines).toContainEqual(
      expect.objectContaining({
        level: 50,
        msg: 'job failed for good; it stays in the failed set',
        jobId: 'password-reset-invalid',
      }),
    );
    expect(logs.text()).not.toContain('short-secret');
    expect(capture.messages).toEqual([]);
  });

  it('fails a job of an unknown kind at once', async () => {
    const capture = await smtpCapture();
    const { queue } = await startMailTestBed(capture.url);
    const job = await queue.add('newsletter', { to: uniqueEmail() }, { jobId: 'newsletter-1', attempts: 3 });

    await vi.waitFor(async () => expect(await queue.getJobState(job.id ?? '')).toBe('failed'), {
      timeout: 10_000,
    });
    const failed = await queue.getJob(job.id ?? '');
    expect(failed?.attemptsMade).toBe(1);
    expect(failed?.failedReason).toBe('Unknown mail kind "newsletter"');
  });
});
