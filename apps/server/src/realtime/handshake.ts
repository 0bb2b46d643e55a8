import { type AccountGate, type ApiDeps, accountGateOf, actorOf } from '@praxis/api';
import type { Actor } from '@praxis/policy';
import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import { viewerRoomsOf } from './viewers';

/** What the handshake learnt, kept on `socket.data` (the token never leaves this process). */
export interface PresenceSocketData {
  token: string;
  sessionPublicId: string;
  /** When the session expires (epoch ms; a number weighs less than a Date on each socket). */
  sessionExpiresAtMs: number;
  actor: Actor;
  /** Rooms of the presence stream this socket may hear; empty for non-viewers. */
  viewerRooms: string[];
}

const NO_ROOMS: string[] = [];
// Every socket's actor carries its organisation id and roles, parsed afresh from each session
// row: thousands of sockets share a few organisations and role sets, so they share the values.
const sharedValues = new Map<string, string | readonly string[]>();
function shared<T extends string | readonly string[]>(key: string, value: T): T {
  const known = sharedValues.get(key);
  if (known !== undefined) return known as T;
  if (sharedValues.size < 10_000) sharedValues.set(key, value);
  return value;
}

/** The actor with its organisation id and roles shared with other sockets' actors. */
function sharedActor(actor: Actor): Actor {
  return {
    id: actor.id,
    roles: shared(`r:${actor.roles.join(',')}`, Object.freeze([...actor.roles])) as Actor['roles'],
    organizationId:
      actor.organizationId === null ? null : shared(`o:${actor.organizationId}`, actor.organizationId),
  };
}

export type RefusalCode = 'UNAUTHORIZED' | 'FORBIDDEN' | 'SERVICE_UNAVAILABLE';

/** A refused handshake: the client's `connect_error` carries `message` and `data.code`. */
export function refusal(code: RefusalCode, message: string, reason?: AccountGate): Error {
  return Object.assign(new Error(message), { data: reason ? { code, reason } : { code } });
}

/**
 * `io.use` for /presence: the Origin (when a browser sends one) must be the web app's; the session
 * comes from `auth.token`, else the `session` cookie, and is validated like any request's. A user
 * held by the account gate (password change or 2FA enrolment due) is refused like any procedure
 * outside the gate's allow-list: FORBIDDEN with `data.reason`; the web app connects once it is done.
 */
export function presenceHandshake(
  deps: Pick<ApiDeps, 'sessions'> & { requireTwoFactorRoles: ApiDeps['config']['requireTwoFactorRoles'] },
  appOrigin: string,
  logger: Logger,
) {
  return async (socket: Socket, next: (error?: Error) => void) => {
    const { origin, cookie } = socket.handshake.headers;
    // Browsers always send Origin cross-site; clients without one (scripts) hold a token, not a cookie jar.
    if (origin !== undefined && origin !== appOrigin) return next(refusal('FORBIDDEN', 'Origin not allowed'));
    const auth: { token?: unknown } = socket.handshake.auth ?? {};
    const token =
      typeof auth.token === 'string' && auth.token ? auth.token : deps.sessions.readToken({ cookie })?.token;
    if (!token) return next(refusal('UNAUTHORIZED', 'Sign in to continue'));
    try {
      const session = await deps.sessions.validate(token);
      if (!session) return next(refusal('UNAUTHORIZED', 'Sign in to continue'));
      const gate = accountGateOf(session, deps.requireTwoFactorRoles);
      if (gate) return next(refusal('FORBIDDEN', 'Finish setting up your account first', gate));
      const actor = sharedActor(actorOf(session.user));
      const viewerRooms = viewerRoomsOf(actor);
      const data: PresenceSocketData = {
        token,
        sessionPublicId: session.publicId,
        sessionExpiresAtMs: session.expiresAt.getTime(),
        actor,
        viewerRooms: viewerRooms.length ? viewerRooms : NO_ROOMS,
      };
      socket.data = data;
      next();
    } catch (error) {
      logger.warn({ err: error }, 'presence handshake could not check the session');
      next(refusal('SERVICE_UNAVAILABLE', 'Try again shortly'));
    }
  };
}
