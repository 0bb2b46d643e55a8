// Test helpers of the worker: imported by tests only (`@praxis/worker/testing`; `./testing` here).
export {
  type AppEntry,
  type AppProcess,
  type AppProcessOptions,
  startAppProcess,
  startWorkerProcess,
} from './app-process';
export {
  APP_URL,
  captureLogs,
  completionOf,
  inMinutes,
  type LogLine,
  startMailTestBed,
} from './mail-test-bed';
