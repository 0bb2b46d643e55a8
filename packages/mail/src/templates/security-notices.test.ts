import { describe, expect, it } from 'vitest';
import { securityNoticeRenderers } from './security-notices';

const context = { appUrl: 'https://app.example.test/', now: new Date('2026-11-23T10:00:00.000Z') };
const at = '2026-11-23T09:58:00.000Z';
const hostile = `<script>alert("x")</script>`;

const mails = {
  'password-changed': securityNoticeRenderers['password-changed']({ name: 'Ada', at }, context),
  'email-changed': securityNoticeRenderers['email-changed'](
    { name: 'Ada', newEmail: 'new@example.test', at },
    context,
  ),
  'new-sign-in': securityNoticeRenderers['new-sign-in'](
    { name: 'Ada', userAgent: hostile, ipPrefix: '203.0.113.0/24', at },
    context,
  ),
  'impersonation-started': securityNoticeRenderers['impersonation-started'](
    {
      name: 'Ada',
      impersonatorName: 'Grace Hopper',
      impersonatorEmail: 'grace@example.test',
      reason: hostile,
      expiresAt: '2026-11-23T10:58:00.000Z',
      at,
    },
    context,
  ),
  'two-factor-disabled': securityNoticeRenderers['two-factor-disabled'](
    { name: 'Ada', method: 'totp', change: 'reset', at },
    context,
  ),
  'backup-code-used': securityNoticeRenderers['backup-code-used']({ name: 'Ada', remaining: 3, at }, context),
};

describe('security notices', () => {
  it.each(Object.entries(mails))('%s: says when, in text and HTML', (_kind, mail) => {
    expect(mail.text).toContain('2026-11-23 09:58 UTC');
    expect(mail.html).toContain('2026-11-23 09:58 UTC');
    expect(mail.text).toContain('Hello Ada,');
    expect(mail.subject).not.toMatch(/[\r\n]/);
  });

  it('those about a change the owner may not have made link to the password reset page', () => {
    for (const kind of ['password-changed', 'email-changed', 'new-sign-in', 'two-factor-disabled'] as const) {
      expect({ kind, text: mails[kind].text }).toMatchObject({
        kind,
        text: expect.stringContaining('https://app.example.test/forgot-password'),
      });
      expect(mails[kind].html).toContain('href="https://app.example.test/forgot-password"');
    }
  });

  it('escapes what users typed (a reason, a user agent) in the HTML', () => {
    for (const mail of [mails['impersonation-started'], mails['new-sign-in']]) {
      expect(mail.text).toContain(hostile);
      expect(mail.html).not.toContain('<script>');
      expect(mail.html).toContain('&lt;script&gt;');
    }
  });

  it('reads right', () => {
    expect(mails['impersonation-started'].subject).toBe('Grace Hopper signed in as you on Praxis');
    expect(mails['impersonation-started'].text).toContain('Grace Hopper (grace@example.test) signed in');
    expect(mails['impersonation-started'].text).toContain('until 2026-11-23 10:58 UTC');
    expect(mails['email-changed'].text).toContain('to new@example.test');
    expect(mails['two-factor-disabled'].text).toContain('An administrator reset your authenticator app');
    expect(mails['backup-code-used'].text).toContain('3 codes are left');
    expect(mails['new-sign-in'].text).toContain('Network: 203.0.113.0/24');
  });
});
