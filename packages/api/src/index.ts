export { type Context, createContext, type RequestInfo } from './context';
export { type ApiDeps, createApiDeps } from './deps';
export { AppError } from './errors';
export { type AppRouter, appRouter } from './root';
export { createCallerFactory } from './trpc';
export { ensureBootstrapAdmin } from './users/users.service';
export type { PresenceReader } from './presence-reader';
export type { SessionEvents } from './session-events';
