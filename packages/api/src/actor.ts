import type { Actor } from '@praxis/policy';

/**
 * The policy's view of a signed-in user (a user row, a session's user): only the fields `can`
 * reads, so no row travels on in a context or a socket. Built here only, for HTTP requests,
 * sockets and tests.
 */
export function actorOf(user: Actor): Actor {
  return { id: user.id, roles: user.roles, organizationId: user.organizationId };
}
