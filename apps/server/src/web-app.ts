import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MiddlewareHandler } from 'hono';

/** Where `pnpm --filter @praxis/web build` writes the app. */
export const DEFAULT_WEB_DIST = resolve(dirname(fileURLToPath(import.meta.url)), '../../web/dist');

/** Paths that belong to the API and realtime: never answered with the app's index.html. */
export const NON_APP_PREFIXES = [
  '/trpc',
  '/api',
  '/v1',
  '/socket.io',
  '/health',
  '/ready',
  '/metrics',
  '/exports',
] as const;

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const isApiPath = (path: string) =>
  NON_APP_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));

/** A file inside `root`, or null for anything that would escape it or does not exist. */
async function fileIn(root: string, urlPath: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const file = resolve(root, `.${decoded}`);
  if (!file.startsWith(root + sep) || decoded.includes('\0')) return null;
  const info = await stat(file).catch(() => null);
  return info?.isFile() ? file : null;
}

/**
 * Serves the built web app on the API's origin: Vite's hashed files under /assets cached for a
 * year, everything else (index.html above all) revalidated so a deploy shows at once, and
 * index.html for app routes a browser navigates to (the client router takes it from there).
 * API paths and requests that do not accept HTML fall through to the JSON 404.
 */
export function webApp(distDir: string): MiddlewareHandler | null {
  const root = resolve(distDir);
  if (!existsSync(join(root, 'index.html'))) return null;
  return async (c, next) => {
    const method = c.req.method;
    const path = c.req.path;
    if ((method !== 'GET' && method !== 'HEAD') || isApiPath(path)) return next();

    const file = path === '/' ? null : await fileIn(root, path);
    if (file) {
      const hashed = path.startsWith('/assets/');
      const body = method === 'HEAD' ? null : new Uint8Array(await readFile(file));
      return new Response(body, {
        headers: {
          'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
          'cache-control': hashed ? IMMUTABLE : REVALIDATE,
        },
      });
    }
    // A missing asset is a 404, never the app: a stale tab must not parse HTML as JavaScript.
    if (path.startsWith('/assets/') || !(c.req.header('accept') ?? '').includes('text/html')) return next();
    const html = method === 'HEAD' ? null : await readFile(join(root, 'index.html'), 'utf8');
    return new Response(html, {
      headers: { 'content-type': CONTENT_TYPES['.html'] as string, 'cache-control': REVALIDATE },
    });
  };
}
