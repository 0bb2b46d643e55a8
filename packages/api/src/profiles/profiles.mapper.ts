import type { PracticeProfileRow, UserRow } from '@praxis/db';
import { PROFESSIONAL_ROLE_VALUES } from '@praxis/validators';
import type { listAddresses } from './profiles.queries';

const professionalRoles: readonly string[] = PROFESSIONAL_ROLE_VALUES;

/** The role a practice profile shows: the user's first professional (non-account) role. */
export function professionalRoleOf(roles: readonly string[]) {
  return roles.find((role) => professionalRoles.includes(role)) ?? null;
}

/** The four sections of a practice profile, read from the user, its addresses and profile row. */
export function toPracticeProfile(
  user: UserRow,
  addresses: Awaited<ReturnType<typeof listAddresses>>,
  profile: PracticeProfileRow | undefined,
) {
  return {
    userId: user.id,
    personal: {
      userloginname: user.username,
      firstName: user.firstName,
      lastName: user.lastName,
      email: user.email,
      gender: user.gender,
      phoneNumber: user.phoneNumber,
      dob: user.dateOfBirth,
      image: user.imageUrl,
      timezone: user.timezone,
    },
    addresses,
    account: {
      loginid: profile?.loginId ?? null,
      orgid: user.organizationId,
      isOrgAdmin: user.roles.includes('client_admin'),
    },
    professional: {
      npi: user.npi,
      role: professionalRoleOf(user.roles),
    },
  };
}
