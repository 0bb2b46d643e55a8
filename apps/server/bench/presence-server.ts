// Started by presence.bench.ts with --expose-gc: the server as src/main.ts starts it, answering
// `{ type: 'heap' }` over IPC with its V8 heap in use after a full, forced garbage collection.
import { writeHeapSnapshot } from 'node:v8';
import { loadConfig } from '@praxis/config';
import pino from 'pino';
import { startServer } from '../src/start-server';

const config = loadConfig();
const logger = pino({ level: config.logLevel, base: { process: 'server' } });
const running = await startServer(config, logger);

const gc = (globalThis as { gc?: () => void }).gc;
process.on('message', (message: { type?: string; path?: string }) => {
  // For a closer look (BENCH_HEAP_SNAPSHOT): where that heap is, by constructor, in DevTools.
  if (message.type === 'snapshot') {
    process.send?.({ type: 'snapshot', path: writeHeapSnapshot(message.path) });
    return;
  }
  if (message.type !== 'heap') return;
  if (!gc) throw new Error('start with --expose-gc');
  // Twice: the first collection's finalizers can free more for the second.
  gc();
  gc();
  process.send?.({ type: 'heap', heapUsed: process.memoryUsage().heapUsed });
});
process.on('SIGTERM', () => {
  void running.close().finally(() => process.exit(0));
});
