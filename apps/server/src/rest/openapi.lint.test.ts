import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { createTestDeps } from '@praxis/api/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../app';

// The served document passes Redocly's recommended rules (errors and warnings alike).
const redocly = join(
  dirname(createRequire(import.meta.url).resolve('@redocly/cli/package.json')),
  'bin',
  'cli.js',
);

const config = join(import.meta.dirname, '..', '..', 'redocly.yaml');

let deps: Awaited<ReturnType<typeof createTestDeps>>;
let dir: string;
beforeAll(async () => {
  deps = await createTestDeps();
  dir = await mkdtemp(join(tmpdir(), 'praxis-openapi-'));
});
afterAll(async () => {
  await deps.close();
  await rm(dir, { recursive: true, force: true });
});

it('GET /api/openapi.json passes redocly lint', async () => {
  const app = createApp(deps, { webDist: null });
  const document = await (await app.request('/api/openapi.json')).text();
  const file = join(dir, 'openapi.json');
  await writeFile(file, document);
  const result = await promisify(execFile)(
    process.execPath,
    [redocly, 'lint', file, `--config=${config}`, '--max-problems=50', '--format=stylish'],
    { env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' }, cwd: dir },
  ).then(
    (out) => ({ code: 0, output: out.stdout + out.stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      output: error.stdout + error.stderr,
    }),
  );
  expect(result.output).not.toMatch(/warning/i);
  expect(result.code, result.output).toBe(0);
}, 60_000);
