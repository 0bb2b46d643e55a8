import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createTransport } from 'nodemailer';
import type { Logger } from 'pino';
import type { MailMessage } from './message';
import type { MailTransport } from './transport';

export interface DevMailSinkOptions {
  mailFrom: string;
  dataDir: string;
  isProduction: boolean;
  logger: Logger;
}

/**
 * Writes each message to `<dataDir>/mail/` as an .eml (open it in any mail client) and a .json
 * (for scripts), and logs the file. Outside production the log also carries the mail's devHint
 * (the 2FA code, the link), so a newcomer can sign in without a mail server.
 */
export function createDevMailSink({
  mailFrom,
  dataDir,
  isProduction,
  logger,
}: DevMailSinkOptions): MailTransport {
  const directory = resolve(dataDir, 'mail');
  const composer = createTransport(
    { streamTransport: true, buffer: true, newline: 'windows' },
    { from: mailFrom },
  );

  return {
    description: `dev mail sink at ${directory}`,
    async send(message: MailMessage) {
      const { to, subject, text, html, devHint } = message;
      const info = await composer.sendMail({ to, subject, text, html });
      const base = join(
        directory,
        `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}`,
      );
      await mkdir(directory, { recursive: true });
      await writeFile(`${base}.eml`, info.message);
      const record = {
        messageId: info.messageId,
        from: mailFrom,
        to,
        subject,
        text,
        html,
        savedAt: new Date(),
      };
      await writeFile(`${base}.json`, `${JSON.stringify(record, null, 2)}\n`);
      if (isProduction) logger.info({ file: `${base}.eml` }, 'mail saved to the dev mail sink');
      else
        logger.info(
          { file: `${base}.eml`, to: to.address, subject, ...devHint },
          'mail saved to the dev mail sink',
        );
    },
    async close() {},
  };
}
