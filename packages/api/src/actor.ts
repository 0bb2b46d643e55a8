import type { UserRow } from '@praxis/db';
import type { Actor } from './policy';

/** The policy's view of a signed-in user: built here only, for HTTP requests, sockets and tests. */
export function actorOf(user: Pick<UserRow, 'id' | 'roles' | 'organizationId'>): Actor {
  return { id: user.id, roles: user.roles, organizationId: user.organizationId };
}
