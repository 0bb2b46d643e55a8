import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { SMTPServer } from 'smtp-server';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createMailTransport } from './mail-transport';
import { renderPasswordReset } from './templates/password-reset';
import { startSmtpCapture } from './testing';
import { MailRejectedError } from './transport';

const logger = pino({ level: 'silent' });
const token = 'reset-token-0123456789-abcdefghij';

function resetMail(address: string) {
  return {
    to: { name: 'Ada Lovelace', address },
    ...renderPasswordReset(
      { name: 'Ada Lovelace', token, expiresAt: new Date(Date.now() + 3_600_000).toISOString() },
      { appUrl: 'https://app.example.test' },
    ),
  };
}

describe('SMTP transport', () => {
  it('delivers text and HTML to a real SMTP server', async () => {
    const capture = await startSmtpCapture();
    const transport = createMailTransport({
      smtpUrl: capture.url,
      mailFrom: 'Praxis <no-reply@example.test>',
      dataDir: '/nonexistent',
      isProduction: true,
      logger,
    });
    onTestFinished(async () => {
      await transport.close();
      await capture.close();
    });
    const address = `ada-${Date.now()}@example.test`;

    await transport.send(resetMail(address));

    const mail = await capture.waitFor(address);
    expect(mail.from).toBe('no-reply@example.test');
    expect(mail.subject).toBe('Reset your Praxis password');
    expect(mail.raw).toContain('Content-Type: text/plain');
    expect(mail.raw).toContain('Content-Type: text/html');
    expect(mail.body).toContain(`https://app.example.test/reset-password?token=${token}`);
    expect(transport.description).toBe(`SMTP ${capture.url}`);
  });

  it('turns a permanent refusal (5xx) into MailRejectedError', async () => {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(_address, _session, callback) {
        callback(Object.assign(new Error('5.1.1 No such user'), { responseCode: 550 }));
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.server.address() as AddressInfo;
    const transport = createMailTransport({
      smtpUrl: `smtp://127.0.0.1:${port}`,
      mailFrom: 'no-reply@example.test',
      dataDir: '/nonexistent',
      isProduction: true,
      logger,
    });
    onTestFinished(async () => {
      await transport.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    await expect(transport.send(resetMail('nobody@example.test'))).rejects.toBeInstanceOf(MailRejectedError);
  });
});
