export { actorOf } from './actor';
export { type Context, createContext, type RequestInfo } from './context';
export { type ApiDeps, createApiDeps } from './deps';
export { AppError } from './errors';
export type { PresenceReader } from './presence-reader';
export { type AppRouter, appRouter } from './root';
export type { AccessChange, SessionEvents } from './session-events';
export { createCallerFactory } from './trpc';
export { ensureBootstrapAdmin } from './users/users.bootstrap';
