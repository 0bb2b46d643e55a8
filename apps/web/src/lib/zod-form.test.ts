import { loginInput, verify2faInput } from '@praxis/validators';
import { describe, expect, it } from 'vitest';
import { validate } from './zod-form';

describe('validate (client checks with the server schemas)', () => {
  it('keys messages by field, like the server fieldErrors', () => {
    const result = validate(loginInput, { email: 'not-an-email', password: '' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.fieldErrors).sort()).toEqual(['email', 'password']);
    expect(result.fieldErrors.password).toEqual(['Password is required']);
  });

  it('returns the parsed data (trimmed code) when valid', () => {
    const challengeId = '0190a8a4-5b6e-7c3d-8e9f-0a1b2c3d4e5f';
    const result = validate(verify2faInput, { challengeId, code: ' 123456 ' });
    expect(result).toEqual({ ok: true, data: { challengeId, code: '123456' } });
  });
});
