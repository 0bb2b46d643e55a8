import { z } from '@hono/zod-openapi';

const uuid = (description: string) => z.string().openapi({ format: 'uuid', description });

/** Seed 001's organisation: ids are our uuids as strings. */
export const seed001OrganizationSchema = z
  .object({
    id: uuid('The organisation id (a uuid string)'),
    name: z.string(),
    therapist_user_id: uuid('The therapist’s user id').nullable(),
  })
  .openapi('Seed001Organization', {
    example: { id: '6f1c1a54-3f6e-4a4b-9e0a-0d2b5d3f7c11', name: 'North Clinic', therapist_user_id: null },
  });

export const seed001OrganizationBodySchema = z
  .object({
    id: uuid('With an id: a partial update of that organisation; without: a create'),
    name: z.string().nullable().openapi({ maxLength: 255 }),
    therapist_user_id: uuid('The therapist’s user id').nullable(),
  })
  .partial()
  .strict()
  .openapi('Seed001OrganizationBody', { example: { name: 'North Clinic', therapist_user_id: null } });

export const toSeed001Organization = (org: { id: string; name: string; therapistUserId: string | null }) => ({
  id: org.id,
  name: org.name,
  therapist_user_id: org.therapistUserId,
});

/** The seed's body → orgs.upsert's input. A null name is "not sent" (a name cannot be cleared). */
export function fromSeed001Organization(body: z.infer<typeof seed001OrganizationBodySchema>) {
  return {
    ...(body.id === undefined ? {} : { id: body.id }),
    ...(body.name === undefined || body.name === null ? {} : { name: body.name }),
    ...(body.therapist_user_id === undefined ? {} : { therapistUserId: body.therapist_user_id }),
  };
}

export const ORGANIZATION_FIELD_NAMES = { therapistUserId: 'therapist_user_id' };

const nullableText = (maxLength: number) => z.string().nullable().openapi({ maxLength });

export const seed001AddressSchema = z
  .object({
    addressLine1: z.string(),
    addressLine2: z.string().nullish(),
    city: z.string().nullish(),
    state: z.string().nullish(),
    country: z.string().nullish(),
    zipcode: z.string().nullish(),
  })
  .openapi('Seed001Address');

/** Seed 001's flat practice profile body; every field but userId is optional (omitted: left as it is). */
export const seed001ProfileBodySchema = z
  .object({
    userId: uuid('The therapist’s user id'),
    userloginname: nullableText(255).optional(),
    role: z
      .string()
      .nullable()
      .optional()
      .openapi({ description: 'A professional role: provider, supervisor, staff, billing or parent' }),
    firstName: nullableText(255).optional(),
    lastName: nullableText(255).optional(),
    emailid: z
      .string()
      .nullable()
      .optional()
      .openapi({ format: 'email', description: 'null: left as it is' }),
    gender: nullableText(255).optional(),
    phoneNumber: nullableText(20).optional(),
    dob: z.string().nullable().optional().openapi({ format: 'date' }),
    image: z.string().nullable().optional().openapi({ description: 'An image URL; "" or null clears it' }),
    timezone: nullableText(155).optional(),
    address: z.array(seed001AddressSchema).optional().openapi({ description: 'Replaces all addresses' }),
    loginid: nullableText(255).optional(),
    orgid: uuid('The organisation id').nullable().optional(),
    npi: nullableText(128).optional(),
    is_org_admin: z.boolean().nullable().optional().openapi({ description: 'Holds the client_admin role' }),
    current_password: z.string().optional().openapi({ description: 'Required when changing your own email' }),
  })
  .strict()
  .openapi('Seed001ProfileBody', {
    example: {
      userId: '0b4c3c1e-9a43-4f57-8f3c-2a0f6f1f6a10',
      userloginname: 'jdoe',
      role: 'provider',
      firstName: 'Jane',
      lastName: 'Doe',
      emailid: 'jane@example.com',
      gender: 'female',
      phoneNumber: '+1 555 0100',
      dob: '1980-08-24',
      image: 'https://example.com/jane.png',
      timezone: 'America/New_York',
      address: [
        {
          addressLine1: '1 Main St',
          addressLine2: null,
          city: 'Springfield',
          state: 'IL',
          country: 'US',
          zipcode: '62701',
        },
      ],
      loginid: 'jdoe',
      orgid: null,
      npi: '1234567893',
      is_org_admin: false,
    },
  });

type ProfileBody = z.infer<typeof seed001ProfileBodySchema>;

const defined = <T extends object>(value: T) =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));

/** The flat body → profiles.upsert's four sections. Null where ours cannot be null means "not sent". */
export function fromSeed001Profile(body: ProfileBody) {
  const personal = defined({
    userloginname: body.userloginname,
    firstName: body.firstName,
    lastName: body.lastName,
    email: body.emailid ?? undefined,
    gender: body.gender,
    phoneNumber: body.phoneNumber,
    dob: body.dob,
    image: body.image === '' ? null : body.image,
    timezone: body.timezone,
  });
  const account = defined({
    loginid: body.loginid,
    orgid: body.orgid,
    isOrgAdmin: body.is_org_admin ?? undefined,
  });
  const professional = defined({ npi: body.npi, role: body.role ?? undefined });
  const section = (value: Record<string, unknown>) => (Object.keys(value).length ? value : undefined);
  return defined({
    userId: body.userId,
    personal: section(personal),
    addresses: body.address,
    account: section(account),
    professional: section(professional),
    currentPassword: body.current_password,
  });
}

const ADDRESS_FIELDS = ['addressLine1', 'addressLine2', 'city', 'state', 'country', 'zipcode'];
/** Our section paths → the flat body's names, for 422 bodies. */
export const PROFILE_FIELD_NAMES: Record<string, string> = {
  userId: 'userId',
  'personal.userloginname': 'userloginname',
  'personal.firstName': 'firstName',
  'personal.lastName': 'lastName',
  'personal.email': 'emailid',
  'personal.gender': 'gender',
  'personal.phoneNumber': 'phoneNumber',
  'personal.dob': 'dob',
  'personal.image': 'image',
  'personal.timezone': 'timezone',
  addresses: 'address',
  'account.loginid': 'loginid',
  'account.orgid': 'orgid',
  'account.isOrgAdmin': 'is_org_admin',
  'professional.npi': 'npi',
  'professional.role': 'role',
  currentPassword: 'current_password',
  email: 'emailid',
  npi: 'npi',
  role: 'role',
  ...Object.fromEntries(
    Array.from({ length: 20 }, (_, i) =>
      ADDRESS_FIELDS.map((field) => [`addresses.${i}.${field}`, `address.${i}.${field}`]),
    ).flat(),
  ),
};

/** The practice profile as GET answers it: the same flat fields the POST body takes. */
export const seed001ProfileSchema = z
  .object({
    userId: uuid('The therapist’s user id'),
    userloginname: z.string().nullable(),
    role: z.string().nullable(),
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
    emailid: z.string(),
    gender: z.string().nullable(),
    phoneNumber: z.string().nullable(),
    dob: z.string().nullable().openapi({ format: 'date' }),
    image: z.string().nullable(),
    timezone: z.string().nullable(),
    address: z.array(seed001AddressSchema),
    loginid: z.string().nullable(),
    orgid: uuid('The organisation id').nullable(),
    npi: z.string().nullable(),
    is_org_admin: z.boolean(),
  })
  .openapi('Seed001Profile');

interface OurProfile {
  userId: string;
  personal: {
    userloginname: string | null;
    firstName: string;
    lastName: string;
    email: string;
    gender: string | null;
    phoneNumber: string | null;
    dob: string | null;
    image: string | null;
    timezone: string | null;
  };
  addresses: readonly {
    addressLine1: string;
    addressLine2: string | null;
    city: string | null;
    state: string | null;
    country: string | null;
    zipcode: string | null;
  }[];
  account: { loginid: string | null; orgid: string | null; isOrgAdmin: boolean };
  professional: { npi: string | null; role: string | null };
}

export function toSeed001Profile(profile: OurProfile): z.infer<typeof seed001ProfileSchema> {
  return {
    userId: profile.userId,
    userloginname: profile.personal.userloginname,
    role: profile.professional.role,
    firstName: profile.personal.firstName,
    lastName: profile.personal.lastName,
    emailid: profile.personal.email,
    gender: profile.personal.gender,
    phoneNumber: profile.personal.phoneNumber,
    dob: profile.personal.dob,
    image: profile.personal.image,
    timezone: profile.personal.timezone,
    address: profile.addresses.map((a) => ({ ...a })),
    loginid: profile.account.loginid,
    orgid: profile.account.orgid,
    npi: profile.professional.npi,
    is_org_admin: profile.account.isOrgAdmin,
  };
}
