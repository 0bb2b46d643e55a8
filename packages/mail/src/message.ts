/** What a template produces: the content of one mail, without its recipient. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
  /**
   * What a developer needs from this mail to go on (the 2FA code, the link). Only the dev mail
   * sink logs it, and only outside production; it is never sent anywhere.
   */
  devHint: Record<string, string>;
}

export interface MailMessage extends RenderedMail {
  to: { name: string; address: string };
}

export interface TemplateContext {
  /** Base URL of the web app, without a trailing slash. */
  appUrl: string;
  /** The moment the mail is written, for "expires in …"; defaults to now. */
  now?: Date;
}
