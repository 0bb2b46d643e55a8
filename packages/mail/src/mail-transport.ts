import type { Logger } from 'pino';
import { createDevMailSink } from './dev-mail-sink';
import { createSmtpTransport } from './smtp-transport';
import type { MailTransport } from './transport';

export interface MailTransportOptions {
  /** smtp:// or smtps:// URL; without it, mail goes to the dev mail sink under `<dataDir>/mail/`. */
  smtpUrl?: string | undefined;
  mailFrom: string;
  dataDir: string;
  isProduction: boolean;
  logger: Logger;
}

/** SMTP when a URL is configured, else the dev mail sink. */
export function createMailTransport(options: MailTransportOptions): MailTransport {
  if (options.smtpUrl) return createSmtpTransport({ smtpUrl: options.smtpUrl, mailFrom: options.mailFrom });
  if (options.isProduction) {
    options.logger.warn('SMTP_URL is not set: mail is written to files under DATA_DIR/mail, not sent');
  }
  return createDevMailSink(options);
}
