import cluster from 'node:cluster';
import { ConfigError, loadConfig } from '@praxis/config';
import pino from 'pino';

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\nFix the variables above (see README "Configuration").\n`);
    process.exit(1);
  }
  throw error;
}

const logger = pino({ level: config.logLevel, base: { process: 'server' } });
if (config.serverProcesses > 1 && cluster.isPrimary) {
  const { runServerProcesses } = await import('./server-processes');
  await runServerProcesses(config, logger, config.serverProcesses);
} else {
  const { runServer } = await import('./run-server');
  await runServer(config, logger);
}
