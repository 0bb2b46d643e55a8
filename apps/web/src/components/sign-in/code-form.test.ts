import { describe, expect, it } from 'vitest';
import { secretOf } from '../account/authenticator-card';
import { codePrompt } from './code-form';

describe('the code step', () => {
  it('names the ways the account can sign in', () => {
    expect(codePrompt(['email'], 'a@example.test')).toBe(
      'Enter the 6-digit code we emailed to a@example.test (valid for 10 minutes).',
    );
    expect(codePrompt(['totp', 'backup'], 'a@example.test')).toBe(
      'Enter the 6-digit code from your authenticator app or one of your backup codes.',
    );
    expect(codePrompt(['email', 'totp', 'backup'], 'a@example.test')).toBe(
      'Enter the 6-digit code we emailed to a@example.test (valid for 10 minutes), the 6-digit code from your authenticator app or one of your backup codes.',
    );
  });

  it('shows the set-up key of an otpauth URI in groups of four', () => {
    expect(
      secretOf(
        'otpauth://totp/Praxis:a%40example.test?issuer=Praxis&secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
      ),
    ).toBe('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP');
  });
});
