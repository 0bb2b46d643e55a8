import type { UserStatus } from '@praxis/db';
import { USER_STATUS_VALUES } from '@praxis/validators';
import type { IndexedUser } from '../users/users.search-index';

// Users for the search index's tests: words that share trigrams, punctuation, letters beyond
// ASCII and an emoji; every role, status and kind of suspension end.
export const everyone = { archived: false, organizationIds: null };
export const WORDS = [
  'ann',
  'anna',
  'hanna',
  'son',
  'mason',
  'sonia',
  'ma',
  'a.b',
  'x_y',
  '100%',
  ' m',
  'zoë',
  'jürgen',
  '😀s',
];
const ROLES = ['admin', 'provider', 'parent', 'staff'];
export const NOW_MS = 1_750_000_000_000;

/** The uuid of user number `n`, all four of its words varying with n (ties in order go by all of them). */
export const uuidOf = (n: number) => {
  const hex = [1, 2, 3, 4]
    .map((k) => (Math.imul(n + 1, 0x9e3779b1 * k) >>> 0).toString(16).padStart(8, '0'))
    .join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

/** A repeatable source of numbers below `n`, and of users drawn from it. */
export function randomUsers(seed: number) {
  let state = seed;
  const random = (n: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return Math.floor((state / 2 ** 31) * n); // the high bits: the low ones repeat every few calls
  };
  const someone = (id: string): IndexedUser => ({
    id,
    organizationId: random(4) === 0 ? null : `org-${random(3)}`,
    archived: random(5) === 0,
    text: `${WORDS[random(WORDS.length)]} ${WORDS[random(WORDS.length)]}@ex.test`,
    createdAt: 1_700_000_000_000_000 + random(50) * 1_000_000,
    roles: ROLES.filter(() => random(3) === 0),
    status: USER_STATUS_VALUES[random(USER_STATUS_VALUES.length)] as UserStatus,
    // No end, one that has passed, one to come, and ends within a millisecond of now.
    suspendedUntil: [null, NOW_MS * 1000 - 5e6, NOW_MS * 1000 + 5e6, NOW_MS * 1000 + 500, NOW_MS * 1000][
      random(5)
    ] as number | null,
    lastActivity: random(3) === 0 ? null : 1_700_000_000_000_000 + random(20) * 1_000_000,
  });
  return { random, someone };
}
