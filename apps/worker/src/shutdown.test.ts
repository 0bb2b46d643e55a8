import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { uniqueEmail } from '@praxis/db/testing';
import { enqueueMail } from '@praxis/jobs';
import { SMTPServer } from 'smtp-server';
import { describe, expect, it, onTestFinished } from 'vitest';
import { closeWithDeadline } from './shutdown';
import { completionOf, inMinutes, startMailTestBed } from './testing';

/** A real SMTP server that takes the whole message, then holds its reply (for `holdMs`, or until closed). */
async function startSlowSmtp(holdMs: number | 'until-closed') {
  const events: string[] = [];
  const held: Array<() => void> = [];
  let markReceiving: () => void = () => {};
  const receiving = new Promise<void>((resolve) => {
    markReceiving = resolve;
  });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 200,
    onData(stream, _session, callback) {
      stream.resume();
      stream.on('end', () => {
        events.push('smtp received');
        markReceiving();
        const reply = () => {
          events.push('smtp accepted');
          callback();
        };
        if (holdMs === 'until-closed') held.push(() => callback(new Error('closing')));
        else setTimeout(reply, holdMs);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  onTestFinished(async () => {
    for (const release of held.splice(0)) release();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { url: `smtp://127.0.0.1:${port}`, events, receiving };
}

describe('graceful shutdown', () => {
  it('stops intake but lets the mail in hand finish before closing', async () => {
    const smtp = await startSlowSmtp(600);
    const { queue, worker, logs } = await startMailTestBed(smtp.url);
    const completed = completionOf(worker, 'two-factor-code-inhand').then((result) => {
      smtp.events.push(`job ${result}`);
    });
    await enqueueMail(
      queue,
      'two-factor-code',
      { to: uniqueEmail(), name: 'Ada', code: '112233', expiresAt: inMinutes(10) },
      'inhand',
    );
    await smtp.receiving;

    const drained = await closeWithDeadline(worker, 10_000, logs.logger);
    smtp.events.push('worker closed');
    await completed;

    expect(drained).toBe(true);
    expect(smtp.events).toEqual(['smtp received', 'smtp accepted', 'job sent', 'worker closed']);

    // Intake stopped: a mail queued after close stays waiting for the next worker.
    await enqueueMail(
      queue,
      'two-factor-code',
      { to: uniqueEmail(), name: 'Ada', code: '445566', expiresAt: inMinutes(10) },
      'later',
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await queue.getJobState('two-factor-code-later')).toBe('waiting');
  });

  it('past the deadline, aborts the send in hand and leaves its job to be retried', async () => {
    const smtp = await startSlowSmtp('until-closed');
    const { queue, worker, logs } = await startMailTestBed(smtp.url);
    await queue.add(
      'password-reset',
      {
        to: uniqueEmail(),
        name: 'Ada',
        userId: randomUUID(),
        token: 't'.repeat(32),
        expiresAt: inMinutes(60),
      },
      { jobId: 'password-reset-stuck', attempts: 3, backoff: { type: 'fixed', delay: 60_000 } },
    );
    await smtp.receiving;

    const started = Date.now();
    const drained = await closeWithDeadline(worker, 300, logs.logger);

    expect(drained).toBe(false);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await queue.getJobState('password-reset-stuck')).toBe('delayed');
    expect((await queue.getJob('password-reset-stuck'))?.attemptsMade).toBe(1);
    expect(logs.lines).toContainEqual(
      expect.objectContaining({
        level: 40,
        msg: 'shutdown deadline passed: aborting any mail in hand (its job will be retried)',
      }),
    );
  });
});
