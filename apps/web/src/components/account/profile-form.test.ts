import { upsertProfileInput } from '@praxis/validators';
import { describe, expect, it } from 'vitest';
import { validate } from '../../lib/zod-form';
import { profileFieldErrors } from './profile-form';

describe('profileFieldErrors', () => {
  it('places the personal section errors (client or server) on the form fields', () => {
    const checked = validate(upsertProfileInput, {
      userId: '00000000-0000-4000-8000-000000000000',
      personal: { timezone: 'Mars/Olympus', email: 'not-an-email' },
    });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(Object.keys(profileFieldErrors(checked.fieldErrors)).sort()).toEqual(['email', 'timezone']);
    expect(
      profileFieldErrors({ 'personal.email': ['This email is already in use'], currentPassword: ['Wrong'] }),
    ).toEqual({ email: ['This email is already in use'], currentPassword: ['Wrong'] });
  });
});
