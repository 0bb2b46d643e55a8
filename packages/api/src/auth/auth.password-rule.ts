import { assessPassword, type PasswordOwner } from '@praxis/validators';
import { fieldError } from '../errors';

/**
 * Every place that sets a password asks this (change, reset, invitation, users.create, the
 * bootstrap admin): the rule of @praxis/validators' assessPassword, refused as BAD_REQUEST on
 * `field` with why (too short, too common, zxcvbn's suggestion).
 */
export async function assertAcceptablePassword(password: string, owner: PasswordOwner, field: string) {
  const { problems } = await assessPassword(password, owner);
  if (problems.length > 0) throw fieldError(field, problems.join(' '));
}
