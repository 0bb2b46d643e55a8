import { hash } from '@node-rs/argon2';
import type { Executor, NewUser, Organization, Role, UserRow } from '../schema';
import { randomSuffix } from './test-env';

export const TEST_PASSWORD = 'correct horse battery staple';

let defaultHash: Promise<string> | undefined;
function passwordHash(password: string): Promise<string> {
  if (password !== TEST_PASSWORD) return hash(password);
  defaultHash ??= hash(password);
  return defaultHash;
}

export function uniqueEmail(label = 'user'): string {
  return `${label}-${randomSuffix()}${randomSuffix()}@example.test`;
}

export async function createTestOrg(
  db: Executor,
  overrides: Partial<
    Pick<Organization, 'name' | 'status' | 'archivedAt' | 'therapistUserId' | 'requireTwoFactor'>
  > = {},
): Promise<Organization> {
  return db
    .insertInto('organizations')
    .values({ name: `Clinic ${randomSuffix()}`, ...overrides })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface TestUserOptions extends Partial<Omit<NewUser, 'passwordHash' | 'roles'>> {
  roles?: Role[];
  /** Plain password to hash; null makes an account without one. Defaults to TEST_PASSWORD. */
  password?: string | null;
}

/** Inserts a user (active, with TEST_PASSWORD unless told otherwise) and returns the row and password. */
export async function createTestUser(db: Executor, options: TestUserOptions = {}) {
  const { password = TEST_PASSWORD, roles = ['staff'], ...rest } = options;
  const user: UserRow = await db
    .insertInto('users')
    .values({
      email: uniqueEmail(roles[0] ?? 'user'),
      firstName: 'Test',
      lastName: `User${randomSuffix()}`,
      firstTimeLogin: false,
      ...rest,
      roles,
      passwordHash: password === null ? null : await passwordHash(password),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { user, password: password ?? '' };
}
