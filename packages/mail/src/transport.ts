import type { MailMessage } from './message';

export interface SendOptions {
  /** Aborts a send in progress (SMTP); the send then rejects. */
  signal?: AbortSignal;
}

export interface MailTransport {
  /** Where mail goes, without credentials, for the start-up log. */
  readonly description: string;
  send(message: MailMessage, options?: SendOptions): Promise<void>;
  /** Closes idle connections; a delivery in progress finishes first. */
  close(): Promise<void>;
}

/** The receiving server refused this message for good (5xx): sending it again would get the same answer. */
export class MailRejectedError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MailRejectedError';
  }
}
