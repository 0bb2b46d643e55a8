import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { passwordEqualsEmail } from './common';

/** The lowest zxcvbn score (0–4) a new password must reach: 3 is "safely unguessable" (≥ 10^8 guesses). */
export const MIN_PASSWORD_SCORE = 3;
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

/** Who the password is for: their email, names and the product's name count against it. */
export interface PasswordOwner {
  email: string;
  firstName?: string | null | undefined;
  lastName?: string | null | undefined;
}

export interface PasswordAssessment {
  /** zxcvbn's 0–4 (0 also for a password that breaks the length or email rule). */
  score: number;
  /** Why the password is refused, for the field error; empty when it is accepted. */
  problems: string[];
  /** zxcvbn's hints (shown under a meter even for an accepted password). */
  suggestions: string[];
}

let checker: Promise<ZxcvbnFactory> | undefined;

/**
 * zxcvbn with its common and English dictionaries, loaded on first use: the dictionaries are
 * large (about 1 MB), so the web app fetches them only when a password field is used and the
 * server only when a password is set. Shipped in the packages: no network.
 */
function loadChecker(): Promise<ZxcvbnFactory> {
  checker ??= Promise.all([
    import('@zxcvbn-ts/core'),
    import('@zxcvbn-ts/language-common'),
    import('@zxcvbn-ts/language-en'),
  ]).then(
    ([core, common, en]) =>
      new core.ZxcvbnFactory({
        dictionary: { ...common.dictionary, ...en.dictionary },
        graphs: common.adjacencyGraphs,
        translations: en.translations,
      }),
  );
  return checker;
}

function ownerInputs(owner: PasswordOwner): string[] {
  const local = owner.email.split('@')[0] ?? '';
  return [owner.email, local, ...local.split(/[._+-]/), owner.firstName ?? '', owner.lastName ?? '', 'praxis']
    .map((input) => input.trim().toLowerCase())
    .filter((input) => input.length > 0);
}

/**
 * The password rule, one function for the server and the web app: 12 to 128 characters, not the
 * email, and a zxcvbn score of at least MIN_PASSWORD_SCORE with the owner's email and names (and
 * "praxis") counted as known words.
 */
export async function assessPassword(password: string, owner: PasswordOwner): Promise<PasswordAssessment> {
  if (password.length < PASSWORD_MIN_LENGTH) {
    return {
      score: 0,
      problems: [`Password must be at least ${PASSWORD_MIN_LENGTH} characters`],
      suggestions: [],
    };
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    return {
      score: 0,
      problems: [`Password must be at most ${PASSWORD_MAX_LENGTH} characters`],
      suggestions: [],
    };
  }
  if (passwordEqualsEmail(password, owner.email)) {
    return {
      score: 0,
      problems: ['The password must not be the same as the email address'],
      suggestions: [],
    };
  }
  const result = (await loadChecker()).check(password, ownerInputs(owner));
  const suggestions = result.feedback.suggestions.filter(Boolean);
  if (result.score >= MIN_PASSWORD_SCORE) return { score: result.score, problems: [], suggestions };
  const warning = result.feedback.warning?.replace(/\.$/, '');
  const why = warning ? `: ${warning.charAt(0).toLowerCase()}${warning.slice(1)}` : '';
  return {
    score: result.score,
    problems: [[`This password is too easy to guess${why}.`, ...suggestions].join(' ')],
    suggestions,
  };
}
