// The browser-test harness: the real server and worker as processes (serving the built app),
// an SMTP capture, this test worker's Postgres database, and Debian's Chromium via playwright-core.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { AppRouter } from '@praxis/api';
import type { DbHandle, Role } from '@praxis/db';
import {
  createTestUser,
  freePort,
  randomSuffix,
  TEST_PASSWORD,
  type TestUserOptions,
  workerDatabase,
} from '@praxis/db/testing';
import { testRedisPrefix, testRedisUrl } from '@praxis/jobs/testing';
import { startSmtpCapture } from '@praxis/mail/testing';
import { startServerProcess } from '@praxis/server/testing';
import { startWorkerProcess } from '@praxis/worker/testing';
import { createTRPCClient, httpLink } from '@trpc/client';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import superjson from 'superjson';
import { expect } from 'vitest';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, with nothing that talks to the network on its own. */
export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `No Chromium at ${CHROMIUM}: install it (apt-get install chromium; .ci/run does) or set CHROMIUM_PATH.`,
    );
  }
  // launch() gives every run a fresh temporary profile (user-data-dir) and deletes it on close.
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * The whole system for one test file. The server listens on a port chosen up front so that
 * APP_URL is exactly the origin the browser uses (the CSRF check compares them).
 */
export async function startWebE2E(
  extraEnv: Record<string, string> = {},
  /** Another database than this test worker's (e.g. the benchmark's seeded one). */
  options: { database?: { url: string; handle: DbHandle } } = {},
) {
  const [smtp, { url: databaseUrl, handle }, port] = await Promise.all([
    startSmtpCapture(),
    options.database ?? workerDatabase(),
    freePort(),
  ]);
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_URL: testRedisUrl,
    REDIS_PREFIX: `${testRedisPrefix()}-web${randomSuffix()}`,
    SMTP_URL: smtp.url,
    APP_URL: baseUrl,
    LOG_LEVEL: 'info',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'praxis-web-e2e-')),
    ...extraEnv,
  };
  const [server, worker, browser] = await Promise.all([
    startServerProcess(env),
    startWorkerProcess(env, { readyPattern: /"msg":"worker ready"/, timeoutMs: 60_000 }),
    launchChromium(),
  ]);
  const contexts: BrowserContext[] = [];

  return {
    env,
    baseUrl,
    smtp,
    db: handle.db,
    browser,
    server: server.process,
    worker,
    /** A fresh browser profile (own cookies) at the app's origin; closed with the harness. */
    async newPage(): Promise<Page> {
      const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 800 } });
      contexts.push(context);
      return context.newPage();
    },
    /** A user with TEST_PASSWORD (2FA by email unless `email2faEnabled: false`). */
    async seedUser(options: TestUserOptions & { roles?: Role[] } = {}) {
      const { user } = await createTestUser(handle.db, { email2faEnabled: true, ...options });
      return { user, email: user.email, password: TEST_PASSWORD };
    },
    /** The latest 6-digit code mailed to `email` after `mailsBefore` mails had arrived. */
    async codeFor(email: string, mailsBefore = 0): Promise<string> {
      await smtp.waitFor(email, () => smtp.mailsTo(email).length > mailsBefore, 20_000);
      const body = smtp.mailsTo(email).at(-1)?.body ?? '';
      const code = /\b(\d{6})\b/.exec(body)?.[1];
      if (!code) throw new Error(`No code in the mail to ${email}:\n${body}`);
      return code;
    },
    /**
     * The link to `${baseUrl}${path}?token=…` in the newest mail to `email` after `mailsBefore`
     * mails had arrived, waiting for it (the worker sends mails on its own time).
     */
    async linkFor(email: string, path: string, mailsBefore = 0): Promise<string> {
      const pattern = new RegExp(`${escapeRegExp(`${baseUrl}${path}`)}\\?token=[A-Za-z0-9_%-]+`);
      const linkIn = (body: string) => pattern.exec(body)?.[0];
      const fresh = () =>
        smtp
          .mailsTo(email)
          .slice(mailsBefore)
          .filter((m) => linkIn(m.body));
      await smtp.waitFor(email, () => fresh().length > 0, 20_000);
      const link = linkIn(fresh().at(-1)?.body ?? '');
      if (!link) throw new Error(`No ${path} link in the mails to ${email}`);
      return link;
    },
    /** A typed tRPC client calling the server directly (to seed through the API), with a bearer token. */
    api(token?: string) {
      return createTRPCClient<AppRouter>({
        links: [
          httpLink({
            url: `${baseUrl}/trpc`,
            transformer: superjson,
            headers: () => (token ? { authorization: `Bearer ${token}` } : {}),
          }),
        ],
      });
    },
    async close() {
      await Promise.allSettled(contexts.map((context) => context.close()));
      await browser.close();
      await Promise.allSettled([server.process.stop(), worker.stop()]);
      await smtp.close();
    },
  };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

export type WebE2E = Awaited<ReturnType<typeof startWebE2E>>;

/**
 * Signs in through the UI by keyboard alone (type, Enter), reading the email code from the
 * SMTP capture when 2FA is on; resolves on the app shell.
 */
export async function signIn(e2e: WebE2E, page: Page, user: { email: string; password: string }) {
  const mailsBefore = e2e.smtp.mailsTo(user.email).length;
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByLabel('Password').press('Enter');
  const shell = page.getByRole('navigation', { name: 'Main' });
  const codeField = page.getByRole('textbox', { name: 'Code', exact: true });
  await Promise.race([shell.waitFor(), codeField.waitFor()]);
  if (await codeField.isVisible()) {
    await codeField.fill(await e2e.codeFor(user.email, mailsBefore));
    await codeField.press('Enter');
  }
  await shell.waitFor();
}

/** Fails with a readable list when axe finds serious or critical violations on the page. */
export async function expectAccessible(page: Page, label = page.url()) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const summary = bad.map(
    (v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
  expect(summary, `axe on ${label}`).toEqual([]);
}
