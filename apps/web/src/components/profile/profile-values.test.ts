import { describe, expect, it } from 'vitest';
import {
  emptyAddress,
  errorsBySection,
  fieldLabel,
  inputOf,
  isDirty,
  isPreviewableImage,
  moveAddress,
  type Profile,
  validateProfile,
  valuesOf,
} from './profile-values';

const userId = '00000000-0000-4000-8000-000000000001';
const orgId = '00000000-0000-4000-8000-000000000002';

const profile: Profile = {
  userId,
  personal: {
    userloginname: 'ada',
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: 'ada@example.test',
    gender: null,
    phoneNumber: null,
    dob: null,
    image: null,
    timezone: 'Europe/London',
  },
  addresses: [
    {
      addressLine1: '1 First St',
      addressLine2: null,
      city: 'Leeds',
      state: null,
      country: 'UK',
      zipcode: null,
    },
    {
      addressLine1: '2 Second St',
      addressLine2: null,
      city: 'York',
      state: null,
      country: 'UK',
      zipcode: null,
    },
  ],
  account: { loginid: null, orgid: orgId, isOrgAdmin: false },
  professional: { npi: null, role: 'staff' },
};

describe('practice profile form values', () => {
  it('sends nothing but the user id for an untouched form, and is not dirty', () => {
    const saved = valuesOf(profile);
    const values = valuesOf(profile); // new row keys, same content
    expect(isDirty(values, saved)).toBe(false);
    expect(inputOf(userId, values, saved, null)).toEqual({ userId });
  });

  it('sends only the changed fields of the changed sections; an emptied box clears (null)', () => {
    const saved = valuesOf(profile);
    const values = valuesOf(profile);
    values.personal.firstName = ' Augusta ';
    values.personal.timezone = '';
    values.professional.npi = '1234567893';
    expect(isDirty(values, saved)).toBe(true);
    expect(inputOf(userId, values, saved, 'ignored: email unchanged')).toEqual({
      userId,
      personal: { firstName: 'Augusta', timezone: null },
      professional: { npi: '1234567893' },
    });
  });

  it('sends the whole address list, in its new order, when one was moved, added or removed', () => {
    const saved = valuesOf(profile);
    const values = { ...saved, addresses: moveAddress(saved.addresses, 1, -1) };
    expect(isDirty(values, saved)).toBe(true);
    expect(inputOf(userId, values, saved, null).addresses?.map((a) => a.city)).toEqual(['York', 'Leeds']);
    const added = {
      ...saved,
      addresses: [...saved.addresses, { ...emptyAddress(), addressLine1: '3 Third St' }],
    };
    expect(inputOf(userId, added, saved, null).addresses).toHaveLength(3);
    const none = { ...saved, addresses: [] };
    expect(inputOf(userId, none, saved, null).addresses).toEqual([]);
  });

  it('sends the current password with a changed email only', () => {
    const saved = valuesOf(profile);
    const values = valuesOf(profile);
    values.personal.email = 'augusta@example.test';
    expect(inputOf(userId, values, saved, 'pw')).toEqual({
      userId,
      personal: { email: 'augusta@example.test' },
      currentPassword: 'pw',
    });
  });

  it('moves a row up or down and ignores a move past either end', () => {
    expect(moveAddress(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveAddress(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveAddress(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moveAddress(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });
});

describe('checking a profile in the browser with the server schema', () => {
  it('refuses a bad NPI check digit, an unknown or offset time zone and an empty address line 1', () => {
    const checked = validateProfile({
      userId,
      personal: { timezone: 'Mars/Olympus' },
      addresses: [{ addressLine1: '' }],
      professional: { npi: '1234567890' },
    });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(Object.keys(checked.fieldErrors).sort()).toEqual([
      'addresses.0.addressLine1',
      'personal.timezone',
      'professional.npi',
    ]);
    expect(validateProfile({ userId, personal: { timezone: '+05:00' } }).ok).toBe(false);
    expect(validateProfile({ userId, personal: { timezone: 'America/New_York' } }).ok).toBe(true);
    expect(validateProfile({ userId, professional: { npi: '1234567893' } }).ok).toBe(true);
  });

  it('previews only http(s) image URLs', () => {
    expect(isPreviewableImage('https://images.example.test/ada.png')).toBe(true);
    expect(isPreviewableImage('http://images.example.test/ada.png')).toBe(true);
    expect(isPreviewableImage('javascript:alert(1)')).toBe(false);
    expect(isPreviewableImage('data:image/png;base64,AAAA')).toBe(false);
    expect(isPreviewableImage('not a url')).toBe(false);
    expect(isPreviewableImage('')).toBe(false);
  });
});

describe('server field errors by section', () => {
  it('places each key in its section, the current password with personal, the rest on the form', () => {
    const sections = errorsBySection({
      'personal.email': ['This email is already in use'],
      currentPassword: ['Wrong password'],
      'addresses.1.city': ['Too long'],
      'account.orgid': ['No such organisation'],
      'professional.npi': ['NPI must be 10 digits with a valid check digit'],
      _form: ['Something else'],
    });
    expect(Object.keys(sections.personal).sort()).toEqual(['currentPassword', 'personal.email']);
    expect(Object.keys(sections.addresses)).toEqual(['addresses.1.city']);
    expect(Object.keys(sections.account)).toEqual(['account.orgid']);
    expect(Object.keys(sections.professional)).toEqual(['professional.npi']);
    expect(Object.keys(sections.form)).toEqual(['_form']);
  });

  it('names the field of each key for the section summary', () => {
    expect(fieldLabel('personal.email')).toBe('Email');
    expect(fieldLabel('addresses.1.city')).toBe('Address 2, City');
    expect(fieldLabel('addresses')).toBe('Addresses');
    expect(fieldLabel('account.orgid')).toBe('Organisation');
    expect(fieldLabel('professional.npi')).toBe('NPI');
    expect(fieldLabel('currentPassword')).toBe('Current password');
  });
});
