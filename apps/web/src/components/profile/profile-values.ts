import { imageUrlSchema, type UpsertProfileInput, upsertProfileInput } from '@praxis/validators';
import type { z } from 'zod';
import { type FieldErrors, validate } from '../../lib/zod-form';
import type { RouterOutputs } from '../../trpc';

export type Profile = RouterOutputs['profiles']['get'];

export const PERSONAL_FIELDS = [
  ['firstName', 'First name'],
  ['lastName', 'Last name'],
  ['email', 'Email'],
  ['userloginname', 'Login name'],
  ['phoneNumber', 'Phone number'],
  ['gender', 'Gender'],
  ['dob', 'Date of birth'],
  ['timezone', 'Time zone'],
  ['image', 'Image URL'],
] as const;

export const ADDRESS_FIELDS = [
  ['addressLine1', 'Address line 1'],
  ['addressLine2', 'Address line 2'],
  ['city', 'City'],
  ['state', 'State'],
  ['zipcode', 'ZIP code'],
  ['country', 'Country'],
] as const;

type PersonalKey = (typeof PERSONAL_FIELDS)[number][0];
type AddressKey = (typeof ADDRESS_FIELDS)[number][0];

/** One address row as typed; `key` keeps React's identity for the row while it moves. */
export type AddressValues = Record<AddressKey, string> & { key: string };

/** The whole editor's values: text as typed ('' for an empty box). */
export interface ProfileValues {
  personal: Record<PersonalKey, string>;
  addresses: AddressValues[];
  account: { loginid: string; orgid: string; isOrgAdmin: boolean };
  professional: { npi: string; role: string };
}

let nextKey = 0;
const newKey = () => `address-${++nextKey}`;

export function emptyAddress(): AddressValues {
  return { key: newKey(), addressLine1: '', addressLine2: '', city: '', state: '', zipcode: '', country: '' };
}

export function valuesOf(profile: Profile): ProfileValues {
  const personal = {} as Record<PersonalKey, string>;
  for (const [key] of PERSONAL_FIELDS) personal[key] = profile.personal[key] ?? '';
  return {
    personal,
    addresses: profile.addresses.map((address) => {
      const row = { key: newKey() } as AddressValues;
      for (const [key] of ADDRESS_FIELDS) row[key] = address[key] ?? '';
      return row;
    }),
    account: {
      loginid: profile.account.loginid ?? '',
      orgid: profile.account.orgid ?? '',
      isOrgAdmin: profile.account.isOrgAdmin,
    },
    professional: { npi: profile.professional.npi ?? '', role: profile.professional.role ?? '' },
  };
}

/** Whether the form differs from what was loaded or last saved (row keys do not count). */
export function isDirty(values: ProfileValues, saved: ProfileValues): boolean {
  return JSON.stringify(comparable(values)) !== JSON.stringify(comparable(saved));
}

function comparable(values: ProfileValues) {
  return { ...values, addresses: values.addresses.map(({ key: _key, ...rest }) => rest) };
}

const orNull = (text: string) => (text.trim() === '' ? null : text.trim());

/**
 * The profiles.upsert input for what changed: a section is sent only when one of its fields
 * changed, with only those fields (an omitted field stays as it is on the server); `addresses`,
 * when changed, is the whole list in its order. An empty box clears the field (null).
 */
export function inputOf(
  userId: string,
  values: ProfileValues,
  saved: ProfileValues,
  currentPassword: string | null,
): z.input<typeof upsertProfileInput> {
  const input: Record<string, unknown> = { userId };
  const personal: Record<string, unknown> = {};
  for (const [key] of PERSONAL_FIELDS) {
    if (values.personal[key].trim() === saved.personal[key].trim()) continue;
    personal[key] = key === 'email' ? values.personal.email.trim() : orNull(values.personal[key]);
  }
  if (Object.keys(personal).length) input.personal = personal;
  const rows = comparable(values).addresses;
  if (JSON.stringify(rows) !== JSON.stringify(comparable(saved).addresses)) {
    input.addresses = rows.map((row) => ({
      addressLine1: row.addressLine1.trim(),
      addressLine2: orNull(row.addressLine2),
      city: orNull(row.city),
      state: orNull(row.state),
      country: orNull(row.country),
      zipcode: orNull(row.zipcode),
    }));
  }
  const account: Record<string, unknown> = {};
  if (values.account.loginid.trim() !== saved.account.loginid.trim())
    account.loginid = orNull(values.account.loginid);
  if (values.account.orgid !== saved.account.orgid) account.orgid = values.account.orgid || null;
  if (values.account.isOrgAdmin !== saved.account.isOrgAdmin) account.isOrgAdmin = values.account.isOrgAdmin;
  if (Object.keys(account).length) input.account = account;
  const professional: Record<string, unknown> = {};
  if (values.professional.npi.trim() !== saved.professional.npi.trim())
    professional.npi = orNull(values.professional.npi);
  if (values.professional.role !== saved.professional.role && values.professional.role)
    professional.role = values.professional.role;
  if (Object.keys(professional).length) input.professional = professional;
  if (currentPassword !== null && personal.email !== undefined) input.currentPassword = currentPassword;
  return input as z.input<typeof upsertProfileInput>;
}

/** The browser's check: the server's own schema, so the same rules (NPI check digit, zone names). */
export function validateProfile(
  input: z.input<typeof upsertProfileInput>,
): { ok: true; data: UpsertProfileInput } | { ok: false; fieldErrors: FieldErrors } {
  return validate(upsertProfileInput, input);
}

/** An http(s) URL the preview may show (the server's rule for `image`). */
export const isPreviewableImage = (url: string) =>
  url.trim() !== '' && imageUrlSchema.safeParse(url.trim()).success;

export const SECTIONS = ['personal', 'addresses', 'account', 'professional'] as const;
export type Section = (typeof SECTIONS)[number];

/**
 * The server's (and the schema's) field errors by section: keys are `personal.email`,
 * `addresses.0.city`, `account.orgid`, `professional.npi`; `currentPassword` belongs with the email.
 * Anything else (the form as a whole) goes under `form`.
 */
export function errorsBySection(errors: FieldErrors): Record<Section | 'form', FieldErrors> {
  const out: Record<Section | 'form', FieldErrors> = {
    personal: {},
    addresses: {},
    account: {},
    professional: {},
    form: {},
  };
  for (const [key, messages] of Object.entries(errors)) {
    const section = key === 'currentPassword' ? 'personal' : key.split('.')[0];
    const target = SECTIONS.find((s) => s === section) ?? 'form';
    out[target][key] = messages;
  }
  return out;
}

/** A readable name for a field error's key, for the summary at the top of a section. */
export function fieldLabel(key: string): string {
  if (key === 'currentPassword') return 'Current password';
  const [section, second, third] = key.split('.');
  if (section === 'addresses') {
    if (second === undefined) return 'Addresses';
    const field = ADDRESS_FIELDS.find(([name]) => name === third)?.[1];
    return `Address ${Number(second) + 1}${field ? `, ${field}` : ''}`;
  }
  if (section === 'personal') return PERSONAL_FIELDS.find(([name]) => name === second)?.[1] ?? key;
  const other: Record<string, string> = {
    'account.loginid': 'Login id',
    'account.orgid': 'Organisation',
    'account.isOrgAdmin': 'Organisation admin',
    'professional.npi': 'NPI',
    'professional.role': 'Role',
  };
  return other[key] ?? key;
}

/** Moves the row at `from` by `by` places (−1 up, +1 down); out of range changes nothing. */
export function moveAddress<T>(rows: readonly T[], from: number, by: -1 | 1): T[] {
  const to = from + by;
  if (from < 0 || from >= rows.length || to < 0 || to >= rows.length) return [...rows];
  const next = [...rows];
  const [row] = next.splice(from, 1) as [T];
  next.splice(to, 0, row);
  return next;
}
