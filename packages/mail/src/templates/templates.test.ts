import { describe, expect, it } from 'vitest';
import { renderInvitation } from './invitation';
import { renderPasswordReset } from './password-reset';
import { renderSetPassword } from './set-password';
import { renderAccountApproved, renderConfirmEmail, renderRegistrationNotice } from './sign-up';
import { renderTwoFactorCode } from './two-factor-code';

const now = new Date('2026-11-23T10:00:00.000Z');
const appUrl = 'https://app.example.test';
const token = 'tok+/=&<"en>_0123456789abcdef';
const encodedToken = encodeURIComponent(token);
const hostile = `<script>alert("x")</script> & 'Bob'`;

describe('two-factor code mail', () => {
  const mail = renderTwoFactorCode(
    { name: 'Ada Lovelace', code: '042917', expiresAt: '2026-11-23T10:10:00.000Z' },
    { appUrl, now },
  );

  it('carries the code in text and HTML, and its expiry', () => {
    expect(mail.subject).toBe('Your Praxis sign-in code');
    expect(mail.text).toContain('042917');
    expect(mail.html).toContain('042917');
    expect(mail.text).toContain('expires in 10 minutes (at 2026-11-23 10:10 UTC)');
    expect(mail.html).toContain('expires in 10 minutes (at 2026-11-23 10:10 UTC)');
    expect(mail.text).toContain('Hello Ada Lovelace,');
  });

  it('keeps the code out of the subject and hands it to the dev sink only as a hint', () => {
    expect(mail.subject).not.toContain('042917');
    expect(mail.devHint).toEqual({ code: '042917' });
  });
});

describe('link mails', () => {
  const expiresIn1h = '2026-11-23T11:00:00.000Z';
  const cases = [
    {
      name: 'password reset',
      mail: renderPasswordReset({ name: 'Ada', token, expiresAt: expiresIn1h }, { appUrl, now }),
      page: 'reset-password',
      expiry: '1 hour (at 2026-11-23 11:00 UTC)',
    },
    {
      name: 'set password',
      mail: renderSetPassword({ name: 'Ada', token, expiresAt: expiresIn1h }, { appUrl: `${appUrl}/`, now }),
      page: 'set-password',
      expiry: '1 hour (at 2026-11-23 11:00 UTC)',
    },
    {
      name: 'invitation',
      mail: renderInvitation(
        {
          name: 'Ada',
          token,
          expiresAt: '2026-11-30T10:00:00.000Z',
          organizationName: 'North Clinic',
          inviterName: 'Grace Hopper',
        },
        { appUrl, now },
      ),
      page: 'accept-invite',
      expiry: '7 days (at 2026-11-30 10:00 UTC)',
    },
    {
      name: 'confirm email',
      mail: renderConfirmEmail(
        { name: 'Ada', token, expiresAt: '2026-11-24T10:00:00.000Z' },
        { appUrl, now },
      ),
      page: 'confirm-email',
      expiry: '24 hours (at 2026-11-24 10:00 UTC)',
    },
  ];

  it.each(cases)('$name: links to its page with the token URL-encoded', ({ mail, page }) => {
    const link = `${appUrl}/${page}?token=${encodedToken}`;
    expect(mail.text).toContain(link);
    expect(mail.html).toContain(`href="${link}"`);
    expect(mail.devHint).toEqual({ link });
    expect(mail.text).not.toContain(token);
  });

  it.each(cases)('$name: states when the link expires', ({ mail, expiry }) => {
    expect(mail.text).toContain(`expires in ${expiry}`);
    expect(mail.html).toContain(`expires in ${expiry}`);
  });

  it('counts down from the moment the mail is written', () => {
    const late = renderPasswordReset(
      { name: 'Ada', token, expiresAt: expiresIn1h },
      { appUrl, now: new Date('2026-11-23T10:35:00.000Z') },
    );
    expect(late.text).toContain('expires in 25 minutes');
  });
});

describe('invitation mail', () => {
  it('names the inviter and the organisation', () => {
    const mail = renderInvitation(
      {
        name: 'Ada',
        token,
        expiresAt: '2026-11-30T10:00:00.000Z',
        organizationName: 'North Clinic',
        inviterName: 'Grace Hopper',
      },
      { appUrl, now },
    );
    expect(mail.subject).toBe('Grace Hopper invited you to join North Clinic on Praxis');
    expect(mail.text).toContain('Grace Hopper invited you to join North Clinic on Praxis.');
  });

  it('reads well without an organisation', () => {
    const mail = renderInvitation(
      {
        name: '',
        token,
        expiresAt: '2026-11-30T10:00:00.000Z',
        organizationName: null,
        inviterName: 'Grace Hopper',
      },
      { appUrl, now },
    );
    expect(mail.subject).toBe('Grace Hopper invited you to join Praxis');
    expect(mail.text).toContain('Hello,');
  });
});

describe('sign-up mails', () => {
  it('tells the owner of a registered address to sign in or reset, without any token', () => {
    const mail = renderRegistrationNotice({ name: 'Ada' }, { appUrl, now });
    expect(mail.subject).toBe('Someone tried to sign up to Praxis with your address');
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain(`${appUrl}/sign-in`);
      expect(part).toContain(`${appUrl}/forgot-password`);
      expect(part).not.toContain('token=');
    }
  });

  it('announces an approval with a sign-in link in text and HTML', () => {
    const mail = renderAccountApproved({ name: 'Ada' }, { appUrl: `${appUrl}/`, now });
    expect(mail.subject).toBe('Your Praxis account is approved');
    expect(mail.text).toContain(`${appUrl}/sign-in`);
    expect(mail.html).toContain(`href="${appUrl}/sign-in"`);
  });
});

describe('escaping', () => {
  const mail = renderInvitation(
    {
      name: hostile,
      token,
      expiresAt: '2026-11-30T10:00:00.000Z',
      organizationName: hostile,
      inviterName: hostile,
    },
    { appUrl: 'https://app.example.test/?a=1&b="2"', now },
  );

  it('escapes every interpolated value in the HTML', () => {
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Bob&#39;');
    expect(mail.html).not.toMatch(/href="[^"]*"2"/);
    expect(mail.html).toContain('b=&quot;2&quot;');
  });

  it('keeps text plain and the subject on one line', () => {
    expect(mail.text).toContain(hostile);
    const multiline = renderInvitation(
      {
        name: 'Ada',
        token,
        expiresAt: '2026-11-30T10:00:00.000Z',
        organizationName: 'North\r\nBcc: victim@example.test',
        inviterName: 'Grace\nHopper',
      },
      { appUrl, now },
    );
    expect(multiline.subject).toBe(
      'Grace Hopper invited you to join North Bcc: victim@example.test on Praxis',
    );
    expect(multiline.subject).not.toMatch(/[\r\n]/);
  });
});
