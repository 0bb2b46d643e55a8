import type { Role } from '../schema';

/** The password of every demo account (printed by `pnpm db:seed`; demo data only). */
export const DEMO_PASSWORD = 'praxis-demo-password';

/**
 * argon2id (19456 KiB, t=2, p=1) of DEMO_PASSWORD. packages/db depends on nothing of ours, so the
 * hash is precomputed with @praxis/auth's hashPassword; packages/api's seed test verifies it.
 */
export const DEMO_PASSWORD_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$hxz9myeyedNG1MAKHd/jaw$lt3p5uvaImIeCUYUG1aO+5WXReLDbQ275nXOwykKvvo';

/** Accounts to sign in with, one per role; `inClinic` ones belong to the first demo clinic. */
export const DEMO_ACCOUNTS: readonly {
  email: string;
  roles: Role[];
  firstName: string;
  lastName: string;
  inClinic: boolean;
}[] = [
  { email: 'admin@praxis.demo', roles: ['admin'], firstName: 'Ada', lastName: 'Admin', inClinic: false },
  {
    email: 'support@praxis.demo',
    roles: ['support'],
    firstName: 'Sam',
    lastName: 'Support',
    inClinic: false,
  },
  {
    email: 'clinic.admin@praxis.demo',
    roles: ['client_admin'],
    firstName: 'Cleo',
    lastName: 'Clinic',
    inClinic: true,
  },
  {
    email: 'supervisor@praxis.demo',
    roles: ['supervisor', 'provider'],
    firstName: 'Sid',
    lastName: 'Supervisor',
    inClinic: true,
  },
  {
    email: 'provider@praxis.demo',
    roles: ['provider'],
    firstName: 'Pia',
    lastName: 'Provider',
    inClinic: true,
  },
  { email: 'staff@praxis.demo', roles: ['staff'], firstName: 'Stu', lastName: 'Staff', inClinic: true },
  { email: 'billing@praxis.demo', roles: ['billing'], firstName: 'Bea', lastName: 'Billing', inClinic: true },
  { email: 'parent@praxis.demo', roles: ['parent'], firstName: 'Pat', lastName: 'Parent', inClinic: true },
];

/** Generated users' emails end here; the seed counts them to resume or extend a dataset. */
export const GENERATED_EMAIL_DOMAIN = 'users.praxis.demo';
