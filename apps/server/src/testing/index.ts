// Test helpers of the server: imported by tests only (`./testing` here, `@praxis/server/testing` elsewhere).
export { startServerAppProcess } from './app-process';
export {
  type CallFailure,
  codeFromMail,
  type E2E,
  E2E_APP_URL,
  failure,
  startE2E,
  tokenFromLink,
} from './e2e';
export {
  APP_URL,
  connectPresence,
  type Heard,
  type PresenceClient,
  RefusedError,
  type ServerProcess,
  sleep,
  startCluster,
  startServerProcess,
} from './realtime';
