import type { Executor } from '@praxis/db';

export interface AddressValues {
  addressLine1: string;
  addressLine2?: string | null | undefined;
  city?: string | null | undefined;
  state?: string | null | undefined;
  country?: string | null | undefined;
  zipcode?: string | null | undefined;
}

export function findPracticeProfile(db: Executor, userId: string) {
  return db.selectFrom('practiceProfiles').selectAll().where('userId', '=', userId).executeTakeFirst();
}

export function listAddresses(db: Executor, userId: string) {
  return db
    .selectFrom('userAddresses')
    .select(['addressLine1', 'addressLine2', 'city', 'state', 'country', 'zipcode'])
    .where('userId', '=', userId)
    .orderBy('position')
    .execute();
}

/** Replaces the user's addresses with exactly these, in this order. */
export async function replaceAddresses(db: Executor, userId: string, addresses: readonly AddressValues[]) {
  await db.deleteFrom('userAddresses').where('userId', '=', userId).execute();
  if (addresses.length === 0) return;
  await db
    .insertInto('userAddresses')
    .values(
      addresses.map((address, position) => ({
        userId,
        position,
        addressLine1: address.addressLine1,
        addressLine2: address.addressLine2 ?? null,
        city: address.city ?? null,
        state: address.state ?? null,
        country: address.country ?? null,
        zipcode: address.zipcode ?? null,
      })),
    )
    .execute();
}

export async function savePracticeProfile(db: Executor, userId: string, values: { loginId?: string | null }) {
  const now = new Date();
  await db
    .insertInto('practiceProfiles')
    .values({ userId, loginId: values.loginId ?? null })
    .onConflict((oc) => oc.column('userId').doUpdateSet({ ...values, updatedAt: now }))
    .execute();
}
