import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createMailTransport } from './mail-transport';
import type { MailMessage } from './message';
import { renderTwoFactorCode } from './templates/two-factor-code';

const directories: string[] = [];
afterEach(async () => {
  await Promise.all(directories.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function sinkIn(isProduction: boolean) {
  const dataDir = await mkdtemp(join(tmpdir(), 'praxis-mail-'));
  directories.push(dataDir);
  const logs: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => logs.push(JSON.parse(line)) });
  const transport = createMailTransport({
    mailFrom: 'Praxis <no-reply@example.test>',
    dataDir,
    isProduction,
    logger,
  });
  return { dataDir, logs, transport };
}

const codeMail = (): MailMessage => ({
  to: { name: 'Ada Lovelace', address: 'ada@example.test' },
  ...renderTwoFactorCode(
    { name: 'Ada Lovelace', code: '318204', expiresAt: new Date(Date.now() + 600_000).toISOString() },
    { appUrl: 'http://localhost:3000' },
  ),
});

describe('dev mail sink', () => {
  it('writes the message as .eml and .json under <dataDir>/mail and logs the file', async () => {
    const { dataDir, logs, transport } = await sinkIn(false);
    await transport.send(codeMail());

    const files = await readdir(join(dataDir, 'mail'));
    const eml = files.find((name) => name.endsWith('.eml'));
    expect(eml).toBeDefined();
    expect(files).toContain(eml?.replace(/\.eml$/, '.json'));

    const raw = await readFile(join(dataDir, 'mail', eml ?? ''), 'utf8');
    expect(raw).toMatch(/^To: "?Ada Lovelace"? <ada@example\.test>\r$/m);
    expect(raw).toMatch(/^From: Praxis <no-reply@example\.test>\r$/m);
    expect(raw).toContain('Subject: Your Praxis sign-in code');
    expect(raw).toContain('multipart/alternative');

    const json = JSON.parse(
      await readFile(join(dataDir, 'mail', eml?.replace(/\.eml$/, '.json') ?? ''), 'utf8'),
    );
    expect(json).toMatchObject({ to: { address: 'ada@example.test' }, subject: 'Your Praxis sign-in code' });
    expect(json.text).toContain('318204');

    const entry = logs.find((line) => line.msg === 'mail saved to the dev mail sink');
    expect(entry?.file).toBe(join(dataDir, 'mail', eml ?? ''));
    expect(transport.description).toBe(`dev mail sink at ${join(dataDir, 'mail')}`);
  });

  it('logs the 2FA code outside production so a newcomer can sign in', async () => {
    const { logs, transport } = await sinkIn(false);
    await transport.send(codeMail());
    expect(logs.find((line) => line.msg === 'mail saved to the dev mail sink')).toMatchObject({
      code: '318204',
      to: 'ada@example.test',
    });
  });

  it('never logs the code in production', async () => {
    const { logs, transport } = await sinkIn(true);
    await transport.send(codeMail());
    expect(logs.length).toBeGreaterThan(0);
    expect(JSON.stringify(logs)).not.toContain('318204');
    expect(logs.some((line) => line.level === 40 && String(line.msg).includes('SMTP_URL is not set'))).toBe(
      true,
    );
  });
});
