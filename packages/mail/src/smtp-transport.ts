import { createTransport } from 'nodemailer';
import type { MailMessage } from './message';
import { MailRejectedError, type MailTransport } from './transport';

export interface SmtpTransportOptions {
  smtpUrl: string;
  mailFrom: string;
}

export function createSmtpTransport({ smtpUrl, mailFrom }: SmtpTransportOptions): MailTransport {
  const transporter = createTransport(
    {
      url: smtpUrl,
      pool: true,
      maxConnections: 5,
      // nodemailer waits minutes by default; a job slot should not hang that long on a dead server.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
      disableFileAccess: true,
      disableUrlAccess: true,
    },
    { from: mailFrom },
  );
  const { protocol, host } = new URL(smtpUrl);

  return {
    description: `SMTP ${protocol}//${host}`,
    async send(message: MailMessage, options = {}) {
      try {
        await transporter.sendMail({
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          signal: options.signal,
        });
      } catch (error) {
        if (isPermanentRejection(error)) {
          throw new MailRejectedError(`The mail server refused the message: ${error.message}`, {
            cause: error,
          });
        }
        throw error;
      }
    },
    async close() {
      transporter.close();
    },
  };
}

function isPermanentRejection(error: unknown): error is Error & { permanent: true } {
  return error instanceof Error && 'permanent' in error && error.permanent === true;
}
