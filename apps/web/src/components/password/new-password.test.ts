import { describe, expect, it } from 'vitest';
import { checkNewPassword } from './new-password';

describe('checkNewPassword', () => {
  it('accepts 10 to 128 characters typed the same twice', () => {
    expect(checkNewPassword({ newPassword: 'long enough!', confirmPassword: 'long enough!' })).toEqual({
      ok: true,
      password: 'long enough!',
    });
    const longest = 'x'.repeat(128);
    expect(checkNewPassword({ newPassword: longest, confirmPassword: longest }).ok).toBe(true);
  });

  it('refuses a short or overlong password with the server schema message', () => {
    const short = checkNewPassword({ newPassword: 'short', confirmPassword: 'short' });
    expect(short).toEqual({
      ok: false,
      fieldErrors: { newPassword: ['Password must be at least 10 characters'] },
    });
    const long = 'y'.repeat(129);
    expect(checkNewPassword({ newPassword: long, confirmPassword: long })).toMatchObject({
      ok: false,
      fieldErrors: { newPassword: ['Password must be at most 128 characters'] },
    });
  });

  it('refuses the email address as the password, whatever its case', () => {
    const email = 'Nia.Oak@example.test';
    const result = checkNewPassword(
      { newPassword: 'nia.oak@EXAMPLE.test', confirmPassword: 'nia.oak@EXAMPLE.test' },
      email,
    );
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: { newPassword: [expect.stringMatching(/email/)] },
    });
  });

  it('says when the repeat differs, beside the repeat field', () => {
    expect(checkNewPassword({ newPassword: 'long enough!', confirmPassword: 'long enough?' })).toEqual({
      ok: false,
      fieldErrors: { confirmPassword: ['The two passwords are not the same'] },
    });
  });
});
