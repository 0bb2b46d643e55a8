import { assessPassword } from '@praxis/validators';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkNewPassword } from './new-password';

// The first check loads the strength dictionaries (a lazy chunk in the app): once, up front.
beforeAll(() => assessPassword('warm up the dictionaries', { email: '' }), 60_000);

describe('checkNewPassword', () => {
  it('accepts a hard-to-guess password of 12 to 128 characters typed the same twice', async () => {
    expect(await checkNewPassword({ newPassword: 'long enough!', confirmPassword: 'long enough!' })).toEqual({
      ok: true,
      password: 'long enough!',
    });
    const longest = 'plum lantern orbit 7 cobalt '.repeat(5).slice(0, 128);
    expect((await checkNewPassword({ newPassword: longest, confirmPassword: longest })).ok).toBe(true);
  });

  it('refuses a short or overlong password with the server rule message', async () => {
    expect(await checkNewPassword({ newPassword: 'qK8#vz2Lm!p', confirmPassword: 'qK8#vz2Lm!p' })).toEqual({
      ok: false,
      fieldErrors: { newPassword: ['Password must be at least 12 characters'] },
    });
    const long = 'y'.repeat(129);
    expect(await checkNewPassword({ newPassword: long, confirmPassword: long })).toMatchObject({
      ok: false,
      fieldErrors: { newPassword: ['Password must be at most 128 characters'] },
    });
  });

  it('refuses a common password, saying why', async () => {
    expect(
      await checkNewPassword({ newPassword: 'password1234', confirmPassword: 'password1234' }),
    ).toMatchObject({
      ok: false,
      fieldErrors: { newPassword: [expect.stringMatching(/^This password is too easy to guess/)] },
    });
  });

  it('refuses the email address as the password, whatever its case', async () => {
    const result = await checkNewPassword(
      { newPassword: 'nia.oak@EXAMPLE.test', confirmPassword: 'nia.oak@EXAMPLE.test' },
      { email: 'Nia.Oak@example.test' },
    );
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: { newPassword: [expect.stringMatching(/email/)] },
    });
  });

  it('says when the repeat differs, beside the repeat field', async () => {
    expect(await checkNewPassword({ newPassword: 'long enough!', confirmPassword: 'long enough?' })).toEqual({
      ok: false,
      fieldErrors: { confirmPassword: ['The two passwords are not the same'] },
    });
  });
});
