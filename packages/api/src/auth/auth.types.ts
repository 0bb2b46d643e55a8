import type { ValidSession } from '@praxis/auth';
import type { Actor } from '@praxis/policy';
import type { Context } from '../context';

/** The context inside an authed procedure. */
export interface AuthedContext extends Context {
  actor: Actor;
  session: ValidSession;
}
