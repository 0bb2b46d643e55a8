import { availableParallelism } from 'node:os';
import { ROLE_VALUES, type RoleValue } from '@praxis/validators';
import { z } from 'zod';

const MAKE_SECRETS_KEY = 'make one with `openssl rand -base64 32`';

/**
 * Used when SECRETS_KEY is unset outside production, so `pnpm start` and the tests need no setup.
 * It is public: production refuses it, and the server warns when it runs with it.
 */
export const DEVELOPMENT_SECRETS_KEY = 'praxis-development-secrets-key--public--never-use-in-production';

/** A comma list of roles (`admin,support`); blanks ignored; an unknown name is an error naming it. */
const roleList = z.string().transform((value, ctx) => {
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !(ROLE_VALUES as readonly string[]).includes(name));
  if (unknown.length > 0) {
    ctx.addIssue({
      code: 'custom',
      message: `unknown role${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; use a comma list of ${ROLE_VALUES.join(', ')}`,
    });
    return z.NEVER;
  }
  return [...new Set(names)] as RoleValue[];
});

const boolish = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.url({ error: 'DATABASE_URL must be a postgres:// URL' }).optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  REDIS_URL: z.url({ error: 'REDIS_URL must be a redis:// URL' }).default('redis://127.0.0.1:6379'),
  REDIS_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9_-]+$/, 'REDIS_PREFIX may hold letters, digits, _ and - only')
    .default('praxis'),
  SMTP_URL: z.url({ error: 'SMTP_URL must be an smtp:// or smtps:// URL' }).optional(),
  MAIL_FROM: z.string().min(3).default('no-reply@localhost'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  APP_URL: z
    .url({ error: 'APP_URL must be the absolute URL of the web app' })
    .default('http://localhost:3000'),
  ADMIN_EMAIL: z.email({ error: 'ADMIN_EMAIL must be an email address' }).optional(),
  ADMIN_PASSWORD: z
    .string()
    .min(12, 'ADMIN_PASSWORD must be 12 to 128 characters')
    .max(128, 'ADMIN_PASSWORD must be 12 to 128 characters')
    .optional(),
  REQUIRE_2FA_ROLES: roleList.default([]),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  PRESENCE_TIMEOUT_SECONDS: z.coerce.number().int().min(2).max(600).default(60),
  TRUST_PROXY: boolish.default(false),
  SECRETS_KEY: z
    .string()
    .min(32, `SECRETS_KEY must be at least 32 characters: ${MAKE_SECRETS_KEY}`)
    .optional(),
  AUDIT_RETENTION_DAYS: z.coerce
    .number({ error: 'AUDIT_RETENTION_DAYS must be a whole number of days' })
    .int('AUDIT_RETENTION_DAYS must be a whole number of days')
    .min(1, 'AUDIT_RETENTION_DAYS must be at least 1')
    .max(36_500, 'AUDIT_RETENTION_DAYS must be at most 36500')
    .default(365),
  METRICS_TOKEN: z
    .string()
    .min(16, 'METRICS_TOKEN must be at least 16 characters: make one with `openssl rand -hex 24`')
    .optional(),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  USER_SEARCH_INDEX_MAX_USERS: z.coerce
    .number({ error: 'USER_SEARCH_INDEX_MAX_USERS must be a whole number of users (0 turns the index off)' })
    .int('USER_SEARCH_INDEX_MAX_USERS must be a whole number of users (0 turns the index off)')
    .min(0, 'USER_SEARCH_INDEX_MAX_USERS must be 0 (off) or more')
    .default(2_000_000),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  SERVER_PROCESSES: z
    .union([
      z.literal('auto'),
      z.coerce
        .number({ error: 'SERVER_PROCESSES must be auto or a whole number from 1 to 64' })
        .int('SERVER_PROCESSES must be auto or a whole number from 1 to 64')
        .min(1, 'SERVER_PROCESSES must be at least 1')
        .max(64, 'SERVER_PROCESSES must be at most 64'),
    ])
    .optional(),
  SIGNUP: z
    .enum(['invite-only', 'open'], { error: 'SIGNUP must be invite-only (the default) or open' })
    .default('invite-only'),
});

/** Environment variables by name, as strings (what tests and child processes pass). */
export type Env = Partial<Record<keyof z.input<typeof envSchema>, string>>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((line) => `  - ${line}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment once; every error names the variable to fix. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const blankAsUnset = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = envSchema.safeParse(blankAsUnset);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`);
  const secretsKey = blankAsUnset.SECRETS_KEY;
  if (blankAsUnset.NODE_ENV === 'production' && (!secretsKey || secretsKey === DEVELOPMENT_SECRETS_KEY)) {
    problems.push(
      `SECRETS_KEY: required when NODE_ENV=production, a random secret of at least 32 characters (${MAKE_SECRETS_KEY}); keep it, keys derived from it must not change`,
    );
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  if (!e.DATABASE_URL && typeof e.SERVER_PROCESSES === 'number' && e.SERVER_PROCESSES > 1) {
    throw new ConfigError([
      'SERVER_PROCESSES: the embedded database (no DATABASE_URL) opens in one process only; set DATABASE_URL to run several, or unset SERVER_PROCESSES',
    ]);
  }
  if (Boolean(e.ADMIN_EMAIL) !== Boolean(e.ADMIN_PASSWORD)) {
    throw new ConfigError(['ADMIN_EMAIL and ADMIN_PASSWORD: set both to create the first admin, or neither']);
  }
  return toConfig(e);
}

function toConfig(e: z.output<typeof envSchema>) {
  return {
    nodeEnv: e.NODE_ENV,
    isProduction: e.NODE_ENV === 'production',
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    port: e.PORT,
    host: e.HOST,
    appUrl: e.APP_URL.replace(/\/+$/, ''),
    adminEmail: e.ADMIN_EMAIL?.toLowerCase(),
    adminPassword: e.ADMIN_PASSWORD,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    logLevel: e.LOG_LEVEL,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    presenceTimeoutSeconds: e.PRESENCE_TIMEOUT_SECONDS,
    trustProxy: e.TRUST_PROXY,
    /** The server secret; derive a key per purpose from it (HKDF), never use it directly. */
    secretsKey: e.SECRETS_KEY ?? DEVELOPMENT_SECRETS_KEY,
    /** True when SECRETS_KEY was not set and the public development key stands in. */
    usesDevelopmentSecretsKey: !e.SECRETS_KEY || e.SECRETS_KEY === DEVELOPMENT_SECRETS_KEY,
    auditRetentionDays: e.AUDIT_RETENTION_DAYS,
    /** Up to how many users each server process counts searches from memory (0: never). */
    userSearchIndexMaxUsers: e.USER_SEARCH_INDEX_MAX_USERS,
    metrics: {
      /** Bearer token for GET /metrics on the server's own port; unset: not served there. */
      token: e.METRICS_TOKEN,
      /** A separate listener for GET /metrics on `host` (localhost by default); unset: none. */
      serverPort: e.METRICS_PORT,
      workerPort: e.WORKER_METRICS_PORT,
      host: e.METRICS_HOST,
    },
    serverProcesses: serverProcessesOf(e),
    /** Who may create an account: `invite-only` (invitations and admins) or `open` (auth.register, then approval). */
    signup: e.SIGNUP,
    /** Users holding any of these roles must have 2FA before they may do anything but enrol. */
    requireTwoFactorRoles: e.REQUIRE_2FA_ROLES,
  };
}

// Each process holds up to 10 Postgres connections: 8 of them and the worker stay under
// Postgres's default max_connections (100) on any machine.
const AUTO_PROCESSES_AT_MOST = 8;

/**
 * How many server processes share the API port: SERVER_PROCESSES, or by default one per core in
 * production on Postgres (a Node process uses one core; the embedded database allows one
 * process) and one elsewhere (development and tests).
 */
function serverProcessesOf(e: z.output<typeof envSchema>): number {
  const wanted = e.SERVER_PROCESSES ?? (e.NODE_ENV === 'production' && e.DATABASE_URL ? 'auto' : 1);
  return wanted === 'auto'
    ? e.DATABASE_URL
      ? Math.min(availableParallelism(), AUTO_PROCESSES_AT_MOST)
      : 1
    : wanted;
}

export type Config = ReturnType<typeof toConfig>;
