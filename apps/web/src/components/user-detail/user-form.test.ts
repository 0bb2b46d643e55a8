import { npiCheckDigit } from '@praxis/validators';
import { describe, expect, it } from 'vitest';
import { formFieldErrors, formValuesOf, patchOf, validatePatch } from './user-form';

const user = {
  email: 'ada@example.com',
  username: null,
  firstName: 'Ada',
  lastName: 'Lovelace',
  title: null,
  phoneNumber: null,
  dateOfBirth: null,
  gender: null,
  timezone: 'Europe/London',
  imageUrl: null,
  npi: null,
  tin: null,
  company: null,
  companyUrl: null,
  registryId: null,
  registryName: null,
  providerSignatureUrl: null,
  primaryPracticeAddress: null,
  effectiveDate: null,
  clinical: false,
  providerSignature: false,
  physicianOnlyResults: false,
  email2faEnabled: true,
  firstTimeLogin: false,
  locations: ['Main St'],
  organizationId: null,
};

const validNpi = `123456789${npiCheckDigit('123456789')}`;
const wrongDigit = `123456789${(npiCheckDigit('123456789') + 1) % 10}`;

describe('user edit form', () => {
  it('sends only what changed, empty optional fields as null', () => {
    const values = {
      ...formValuesOf(user),
      title: 'Dr',
      timezone: '',
      locations: 'Main St\n\n  Side St ',
      clinical: true,
    };
    expect(patchOf(values, user)).toEqual({
      title: 'Dr',
      timezone: null,
      locations: ['Main St', 'Side St'],
      clinical: true,
    });
    expect(patchOf(formValuesOf(user), user)).toEqual({});
  });

  it('refuses an NPI with a wrong check digit before sending, beside the NPI field', () => {
    const patch = patchOf({ ...formValuesOf(user), npi: wrongDigit }, user);
    const result = validatePatch(patch);
    expect(result).toEqual({
      ok: false,
      fieldErrors: { npi: ['NPI must be 10 digits with a valid check digit'] },
    });
    expect(validatePatch(patchOf({ ...formValuesOf(user), npi: validNpi }, user))).toEqual({
      ok: true,
      data: { npi: validNpi },
    });
  });

  it('checks every field with the server schema and keys the errors by field', () => {
    const result = validatePatch(
      patchOf(
        {
          ...formValuesOf(user),
          email: 'not-an-email',
          username: 'a b',
          companyUrl: 'javascript:alert(1)',
          timezone: '+05:00',
          dateOfBirth: '1850-01-01',
        },
        user,
      ),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.fieldErrors).sort()).toEqual(
      ['companyUrl', 'dateOfBirth', 'email', 'timezone', 'username'].sort(),
    );
  });

  it('sends an effective date as a UTC calendar date, an emptied one as null, and refuses a malformed one', () => {
    expect(validatePatch(patchOf({ ...formValuesOf(user), effectiveDate: ' 2026-12-01 ' }, user))).toEqual({
      ok: true,
      data: { effectiveDate: '2026-12-01' },
    });
    const dated = { ...user, effectiveDate: '2026-12-01' };
    expect(patchOf({ ...formValuesOf(dated), effectiveDate: '' }, dated)).toEqual({ effectiveDate: null });
    const result = validatePatch(patchOf({ ...formValuesOf(user), effectiveDate: '2026-02-30' }, user));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.fieldErrors)).toEqual(['effectiveDate']);
  });

  it("maps the server's patch.field errors onto the form's fields", () => {
    expect(formFieldErrors({ 'patch.npi': ['bad'], currentPassword: ['needed'] })).toEqual({
      npi: ['bad'],
      currentPassword: ['needed'],
    });
  });
});
