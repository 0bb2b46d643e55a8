import type { ValidSession } from '@praxis/auth';
import type { Context } from '../context';
import type { Actor } from '@praxis/policy';

/** The context inside an authed procedure. */
export interface AuthedContext extends Context {
  actor: Actor;
  session: ValidSession;
}
