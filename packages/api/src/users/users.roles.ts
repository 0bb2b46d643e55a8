import type { Role } from '@praxis/db';
import { AppError } from '../errors';
import type { AuthedContext } from '../trpc';
import { assertMayChangeRoles } from './users.rules';
import { applyTransition } from './users.transitions';

/** Adds a role to the user's set (no-op when they have it). */
export function promoteUser(ctx: AuthedContext, input: { id: string; role: Role }) {
  return applyTransition(ctx, input.id, {
    action: 'users.promote',
    needs: 'users.write',
    authorize: (c, row) => assertMayChangeRoles(c.actor, row, { added: [input.role], removed: [] }),
    plan: (row) => (row.roles.includes(input.role) ? null : { roles: [...row.roles, input.role] }),
    metadata: { role: input.role },
  });
}

/** Removes a role from the user's set (no-op when they lack it); a user keeps at least one role. */
export function demoteUser(ctx: AuthedContext, input: { id: string; role: Role }) {
  return applyTransition(ctx, input.id, {
    action: 'users.demote',
    needs: 'users.write',
    authorize: (c, row) => assertMayChangeRoles(c.actor, row, { added: [], removed: [input.role] }),
    plan: (row) => {
      if (!row.roles.includes(input.role)) return null;
      const roles = row.roles.filter((role) => role !== input.role);
      if (roles.length === 0) {
        throw new AppError('CONFLICT', 'A user keeps at least one role: promote another role first', {
          fieldErrors: { role: ['This is the only role of this user'] },
        });
      }
      return { roles };
    },
    metadata: { role: input.role },
  });
}
