import type { Generated, Insertable, Selectable } from 'kysely';

/** Practice-profile fields that have no column on users (the account section's loginid). */
export interface PracticeProfilesTable {
  userId: string;
  loginId: string | null;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

export type PracticeProfileRow = Selectable<PracticeProfilesTable>;

/** A user's practice addresses, replaced as a set by profiles.upsert; `position` keeps their order. */
export interface UserAddressesTable {
  id: Generated<string>;
  userId: string;
  position: number;
  addressLine1: string;
  addressLine2: string | null;
  city: string | null;
  state: string | null;
  country: string | null;
  zipcode: string | null;
  createdAt: Generated<Date>;
}

export type UserAddressRow = Selectable<UserAddressesTable>;
export type NewUserAddress = Insertable<UserAddressesTable>;
