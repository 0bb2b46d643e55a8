import { userPatchSchema } from '@praxis/validators';
import type { z } from 'zod';
import { type FieldErrors, validate } from '../../lib/zod-form';

type Patch = z.input<typeof userPatchSchema>;

/** The edit form's text fields: label, and whether an empty box means null. */
export const TEXT_FIELDS = [
  ['email', 'Email', false],
  ['username', 'Username', true],
  ['firstName', 'First name', false],
  ['lastName', 'Last name', false],
  ['title', 'Title', true],
  ['phoneNumber', 'Phone number', true],
  ['dateOfBirth', 'Date of birth', true],
  ['gender', 'Gender', true],
  ['timezone', 'Time zone', true],
  ['imageUrl', 'Image URL', true],
  ['npi', 'NPI', true],
  ['tin', 'TIN', true],
  ['company', 'Company', true],
  ['companyUrl', 'Company URL', true],
  ['registryId', 'Registry id', true],
  ['registryName', 'Registry name', true],
  ['providerSignatureUrl', 'Provider signature URL', true],
  ['primaryPracticeAddress', 'Primary practice address', true],
  ['effectiveDate', 'Effective from (UTC date)', true],
] as const;

export const BOOLEAN_FIELDS = [
  ['clinical', 'Clinical'],
  ['providerSignature', 'Provider signature'],
  ['physicianOnlyResults', 'Physician-only results'],
  ['email2faEnabled', 'Email codes at sign-in'],
  ['firstTimeLogin', 'First-time login'],
] as const;

type TextKey = (typeof TEXT_FIELDS)[number][0];
type BooleanKey = (typeof BOOLEAN_FIELDS)[number][0];

/** The form's values: text as typed, checkboxes, locations one per line, the organisation id or ''. */
export type UserFormValues = Record<TextKey, string> &
  Record<BooleanKey, boolean> & { locations: string; organizationId: string };

type EditableUser = { [K in TextKey]: string | null } & { [K in BooleanKey]: boolean } & {
  locations: string[];
  organizationId: string | null;
};

export function formValuesOf(user: EditableUser): UserFormValues {
  const values = {} as UserFormValues;
  for (const [key] of TEXT_FIELDS) values[key] = user[key] ?? '';
  for (const [key] of BOOLEAN_FIELDS) values[key] = user[key];
  values.locations = user.locations.join('\n');
  values.organizationId = user.organizationId ?? '';
  return values;
}

/** Only what changed, in users.update's patch shape (empty optional text → null). */
export function patchOf(values: UserFormValues, user: EditableUser): Patch {
  const patch: Record<string, unknown> = {};
  for (const [key, , nullable] of TEXT_FIELDS) {
    const text = values[key].trim();
    const next = text === '' && nullable ? null : text;
    if (next !== (user[key] ?? (nullable ? null : ''))) patch[key] = next;
  }
  for (const [key] of BOOLEAN_FIELDS) if (values[key] !== user[key]) patch[key] = values[key];
  const locations = values.locations
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  if (locations.join('\n') !== user.locations.join('\n')) patch.locations = locations;
  const organizationId = values.organizationId || null;
  if (organizationId !== user.organizationId) patch.organizationId = organizationId;
  return patch as Patch;
}

/** The client-side check with the server's own schema (NPI check digit included). */
export function validatePatch(patch: Patch) {
  return validate(userPatchSchema, patch);
}

/** The server's field errors are keyed `patch.npi`; the form's fields are `npi`. */
export function formFieldErrors(serverErrors: FieldErrors): FieldErrors {
  const out: FieldErrors = {};
  for (const [key, messages] of Object.entries(serverErrors)) {
    out[key.replace(/^patch\./, '')] = messages;
  }
  return out;
}
