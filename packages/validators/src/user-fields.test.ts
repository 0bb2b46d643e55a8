import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { profilePersonalSchema } from './profiles';
import {
  dateOfBirthSchema,
  genderSchema,
  imageUrlSchema,
  personNameSchema,
  phoneNumberSchema,
  timezoneSchema,
  usernameSchema,
} from './user-fields';
import { userPatchSchema } from './users';

const accepts = (schema: z.ZodType, value: unknown) => schema.safeParse(value).success;

function isoDate(offsetDays: number): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

describe('user field schemas', () => {
  it('username: 3 to 64 letters, digits, dot, dash or underscore, trimmed', () => {
    expect(usernameSchema.parse('  grace.hopper_1-x  ')).toBe('grace.hopper_1-x');
    expect(accepts(usernameSchema, 'abc')).toBe(true);
    expect(accepts(usernameSchema, 'x'.repeat(64))).toBe(true);
    for (const bad of ['ab', 'x'.repeat(65), 'grace hopper', 'grâce', 'a@b.c', '']) {
      expect(accepts(usernameSchema, bad), bad).toBe(false);
    }
  });

  it('names: up to 255 characters, no NUL', () => {
    expect(personNameSchema.parse('  Ada ')).toBe('Ada');
    expect(accepts(personNameSchema, 'x'.repeat(255))).toBe(true);
    expect(accepts(personNameSchema, 'x'.repeat(256))).toBe(false);
    expect(accepts(personNameSchema, 'A\u0000')).toBe(false);
  });

  it('gender: at most 50 characters; phone number: at most 20', () => {
    expect(accepts(genderSchema, 'x'.repeat(50))).toBe(true);
    expect(accepts(genderSchema, 'x'.repeat(51))).toBe(false);
    expect(accepts(phoneNumberSchema, '+1 555 0100')).toBe(true);
    expect(accepts(phoneNumberSchema, '1'.repeat(21))).toBe(false);
  });

  it('timezone: an IANA name, not an offset or an unknown name', () => {
    for (const good of ['America/New_York', 'Europe/Paris', 'UTC', 'Asia/Kolkata', 'Etc/GMT+5']) {
      expect(accepts(timezoneSchema, good), good).toBe(true);
    }
    for (const bad of ['Mars/Olympus', '+05:00', '-0800', 'x'.repeat(156), '']) {
      expect(accepts(timezoneSchema, bad), bad).toBe(false);
    }
  });

  it('date of birth: an ISO date from 1900-01-01 to today', () => {
    for (const good of ['1900-01-01', '1980-01-31', '2000-02-29', isoDate(0)]) {
      expect(accepts(dateOfBirthSchema, good), good).toBe(true);
    }
    for (const bad of ['1899-12-31', isoDate(2), '1990-02-31', '31/01/1980', '1980-1-31']) {
      expect(accepts(dateOfBirthSchema, bad), bad).toBe(false);
    }
  });

  it('image URL: http or https only, at most 2048 characters', () => {
    expect(accepts(imageUrlSchema, 'https://img.example.test/a.png')).toBe(true);
    expect(accepts(imageUrlSchema, 'http://img.example.test/a.png')).toBe(true);
    for (const bad of [
      'javascript:alert(1)',
      'data:image/png;base64,AAAA',
      'ftp://example.test/a.png',
      'not a url',
      `https://example.test/${'x'.repeat(2048)}`,
    ]) {
      expect(accepts(imageUrlSchema, bad), bad).toBe(false);
    }
  });
});

describe('users.update and profiles.upsert validate a field alike', () => {
  // [users.update patch field, profile personal field, values]
  const pairs: Array<[string, string, unknown[]]> = [
    ['username', 'userloginname', ['ab', 'x'.repeat(65), 'has space', 'okay.name', null]],
    ['firstName', 'firstName', ['x'.repeat(256), 'Ada']],
    ['gender', 'gender', ['x'.repeat(51), 'x'.repeat(50), null]],
    ['phoneNumber', 'phoneNumber', ['1'.repeat(21), '555 0100', null]],
    ['timezone', 'timezone', ['Mars/Olympus', '+05:00', 'Europe/Paris', null]],
    ['dateOfBirth', 'dob', ['1899-12-31', isoDate(2), '1990-02-31', '1950-06-01', null]],
    ['imageUrl', 'image', ['javascript:alert(1)', 'https://img.example.test/a.png', null]],
    ['email', 'email', ['not-an-email', 'A@Example.test']],
  ];
  for (const [userField, profileField, values] of pairs) {
    it(`${userField} / ${profileField}`, () => {
      for (const value of values) {
        const viaUsers = userPatchSchema.safeParse({ [userField]: value });
        const viaProfile = profilePersonalSchema.safeParse({ [profileField]: value });
        expect(viaProfile.success, String(value)).toBe(viaUsers.success);
        expect(viaProfile.error?.issues.map((i) => i.message)).toEqual(
          viaUsers.error?.issues.map((i) => i.message),
        );
        if (viaUsers.success && viaProfile.success) {
          expect(viaProfile.data[profileField as keyof typeof viaProfile.data]).toEqual(
            viaUsers.data[userField as keyof typeof viaUsers.data],
          );
        }
      }
    });
  }
});
