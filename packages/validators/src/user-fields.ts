import { z } from 'zod';
import { plainText } from './lists';

// One schema per field of a user's row. users.update's patch and profiles.upsert's personal section
// (under its own names: userloginname, dob, image) both use these, so the same value gets the same
// answer whichever procedure writes it. Nullability stays with the caller (`.nullable()`).

const noNul = (value: string) => !value.includes('\u0000');

export const usernameSchema = z
  .string({ error: 'Username must be text' })
  .trim()
  .min(3, 'At least 3 characters')
  .max(64, 'At most 64 characters')
  .regex(/^[a-zA-Z0-9._-]+$/, 'Letters, digits, dot, dash and underscore only');

/** First or last name. */
export const personNameSchema = plainText(255, 'Name');

export const genderSchema = plainText(50, 'Gender');

export const phoneNumberSchema = plainText(20, 'Phone number');

/** An IANA time zone name the runtime knows (e.g. America/New_York, UTC), not a UTC offset. */
export function isTimeZoneName(value: string): boolean {
  // Intl also takes offsets such as "+05:00", which are not zone names and ignore daylight saving.
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const timezoneSchema = plainText(155, 'Time zone').refine(isTimeZoneName, {
  error: 'Unknown time zone (use e.g. America/New_York)',
});

export const EARLIEST_DATE_OF_BIRTH = '1900-01-01';

/** An ISO date (YYYY-MM-DD) from 1900-01-01 to today (UTC). */
export const dateOfBirthSchema = z.iso
  .date({ error: 'Use a date like 1980-01-31' })
  .refine((date) => date >= EARLIEST_DATE_OF_BIRTH && date <= new Date().toISOString().slice(0, 10), {
    error: `A date of birth lies between ${EARLIEST_DATE_OF_BIRTH} and today`,
  });

/**
 * The date from which an account may sign in: an ISO calendar date (YYYY-MM-DD), read as UTC.
 * Any date from 2000-01-01 to 2999-12-31; a past date simply lets the account in.
 */
export const effectiveDateSchema = z.iso
  .date({ error: 'Use a date like 2026-12-01' })
  .refine((date) => date >= '2000-01-01' && date <= '2999-12-31', {
    error: 'An effective date lies between 2000-01-01 and 2999-12-31',
  });

/**
 * An http(s) URL. Other schemes are refused: a `javascript:` URL shown as a link or image source by
 * a client would run script in its page.
 */
export const webUrlSchema = z
  .url({ protocol: /^https?$/i, error: 'Must be an http or https URL' })
  .max(2048, 'At most 2048 characters')
  .refine(noNul, 'Must not contain NUL characters');

export const imageUrlSchema = webUrlSchema;
