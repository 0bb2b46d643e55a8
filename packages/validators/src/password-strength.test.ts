import { describe, expect, it } from 'vitest';
import { passwordSchema } from './common';
import { assessPassword, MIN_PASSWORD_SCORE } from './password-strength';

const owner = { email: 'ada.lovelace@example.test', firstName: 'Ada', lastName: 'Lovelace' };

describe('the password rule', () => {
  it('refuses 11 characters and accepts a strong 12', async () => {
    expect((await assessPassword('qK8#vz2Lm!p', owner)).problems).toEqual([
      'Password must be at least 12 characters',
    ]);
    expect(await assessPassword('qK8#vz2Lm!pR', owner)).toMatchObject({ problems: [] });
    expect(passwordSchema.safeParse('qK8#vz2Lm!p').success).toBe(false);
    expect(passwordSchema.safeParse('qK8#vz2Lm!pR').success).toBe(true);
  });

  it('refuses more than 128 characters and accepts exactly 128', async () => {
    const strong = 'plum lantern orbit 7 cobalt '.repeat(5);
    expect((await assessPassword(strong.slice(0, 129), owner)).problems).toEqual([
      'Password must be at most 128 characters',
    ]);
    expect((await assessPassword(strong.slice(0, 128), owner)).problems).toEqual([]);
    expect(passwordSchema.safeParse(strong.slice(0, 129)).success).toBe(false);
  });

  it('refuses a common password, saying why and what would help', async () => {
    const { score, problems } = await assessPassword('password1234', owner);
    expect(score).toBeLessThan(MIN_PASSWORD_SCORE);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^This password is too easy to guess: this is similar to a commonly used password\./,
    );
  });

  it('refuses the email as the password, in any case', async () => {
    expect((await assessPassword('Ada.Lovelace@Example.test', owner)).problems).toEqual([
      'The password must not be the same as the email address',
    ]);
  });

  it("counts the owner's names against the password", async () => {
    const password = 'lovelace.1815';
    expect((await assessPassword(password, { email: 'someone@example.test' })).problems).toEqual([]);
    expect((await assessPassword(password, owner)).problems[0]).toMatch(/too easy to guess/);
  });

  it('accepts the shared test password (fixtures rely on it)', async () => {
    expect((await assessPassword('correct horse battery staple', owner)).problems).toEqual([]);
  });
});
