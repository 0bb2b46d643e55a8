import { randomUUID } from 'node:crypto';
import { appRouter } from '@praxis/api';
import { createSessionManager, generateToken, sha256Hex } from '@praxis/auth';
import { loadConfig } from '@praxis/config';
import {
  createTestOrg,
  createTestUser,
  TEST_PASSWORD,
  uniqueEmail,
  workerDatabase,
} from '@praxis/db/testing';
import { startOwnRedisServer, testRedisPrefix } from '@praxis/jobs/testing';
import pino from 'pino';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from './start-server';

// Every procedure of the router, as an admin over real HTTP, while this test's own Redis is
// stopped: a procedure that needs Redis answers 503, one that only shows presence degrades, and
// none answers 500. A new procedure must be added to INPUTS (the first test says so).

const ownRedis = await startOwnRedisServer();
let server: Awaited<ReturnType<typeof startServer>>;
let sessions: ReturnType<typeof createSessionManager>;
let db: Awaited<ReturnType<typeof workerDatabase>>['handle']['db'];

beforeAll(async () => {
  const { url, handle } = await workerDatabase();
  db = handle.db;
  sessions = createSessionManager({ db, ttlHours: 12, secureCookies: false });
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: url,
    REDIS_URL: ownRedis.url,
    REDIS_PREFIX: `${testRedisPrefix()}-outage`,
    APP_URL: 'http://app.test',
    LOG_LEVEL: 'silent',
    PORT: '0',
    HOST: '127.0.0.1',
  });
  server = await startServer(config, pino({ level: 'silent' }));
}, 60_000);

afterAll(async () => {
  await ownRedis.start();
  await server?.close();
});

/** Fresh records per procedure, so that each call is a valid one on its own. */
interface Fixture {
  adminEmail: string;
  organizationId: string;
  userId: string;
  groupId: string;
  memberId: string;
  otherId: string;
  invitationId: string;
  invitationToken: string;
  patientId: string;
  linkedParentId: string;
  otherParentId: string;
  resetToken: string;
  confirmToken: string;
}

const NEW_PASSWORD = 'another long enough password 2';
const idOnly = (f: Fixture) => ({ id: f.userId });
const orgOnly = (f: Fixture) => ({ id: f.organizationId });

const INPUTS: Record<string, (f: Fixture) => unknown> = {
  'auth.login': (f) => ({ email: f.adminEmail, password: TEST_PASSWORD }),
  'auth.verify2fa': () => ({ challengeId: randomUUID(), code: '123456' }),
  'auth.resend2fa': () => ({ challengeId: randomUUID() }),
  'auth.logout': () => undefined,
  'auth.logoutAll': () => undefined,
  'auth.me': () => undefined,
  'auth.changePassword': () => ({ currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD }),
  'auth.requestPasswordReset': (f) => ({ email: f.adminEmail }),
  'auth.resetPassword': (f) => ({ token: f.resetToken, newPassword: NEW_PASSWORD }),
  'auth.setEmail2fa': () => ({ enabled: true, password: TEST_PASSWORD }),
  'auth.acceptLicense': () => undefined,
  'auth.sessions': () => undefined,
  'auth.revokeSession': () => ({ sessionId: randomUUID() }),
  'auth.register': () => ({
    email: uniqueEmail('outage-signup'),
    password: NEW_PASSWORD,
    firstName: 'Out',
    lastName: 'Age',
  }),
  'auth.confirmEmail': (f) => ({ token: f.confirmToken }),
  'auth.signUpOpen': () => undefined,
  'auth.totp.enroll': () => ({ currentPassword: TEST_PASSWORD }),
  'auth.totp.confirm': () => ({ code: '123456' }),
  'auth.totp.disable': () => ({ currentPassword: TEST_PASSWORD }),
  'auth.backupCodes.regenerate': () => ({ currentPassword: TEST_PASSWORD }),
  'auth.backupCodes.remaining': () => undefined,
  'auth.impersonate': (f) => ({ userId: f.userId, reason: 'Outage test' }),
  'auth.stopImpersonating': () => undefined,
  'users.list': () => ({}),
  'users.active': () => ({}),
  'users.archived': () => ({}),
  'users.get': idOnly,
  'users.filterOptions': () => undefined,
  'users.create': (f) => ({
    email: uniqueEmail('outage'),
    firstName: 'Out',
    lastName: 'Age',
    roles: ['staff'],
    organizationId: f.organizationId,
  }),
  'users.update': (f) => ({ id: f.userId, patch: { title: 'Outage' } }),
  'users.updateNpi': (f) => ({ id: f.userId, npi: '1234567893' }),
  'users.archive': idOnly,
  'users.unarchive': idOnly,
  'users.enable': idOnly,
  'users.disable': idOnly,
  'users.approve': idOnly,
  'users.unsuspend': idOnly,
  'users.suspend': (f) => ({ id: f.userId, reason: 'Outage test' }),
  'users.updateAccess': (f) => ({ id: f.userId, patch: { title: 'Outage' }, role: 'provider' }),
  'users.promote': (f) => ({ id: f.userId, role: 'provider' }),
  'users.demote': (f) => ({ id: f.userId, role: 'staff' }),
  'users.delete': idOnly,
  'users.bulk': (f) => ({ ids: [f.userId], action: 'disable' }),
  'users.sessions': idOnly,
  'users.revokeSessions': idOnly,
  'users.resetTwoFactor': idOnly,
  'users.clearLockout': idOnly,
  'users.sendPasswordReset': idOnly,
  'dashboard.summary': () => undefined,
  'dashboard.activity': () => ({ days: 7 }),
  'audit.list': () => ({}),
  'orgs.create': () => ({ name: 'Outage clinic' }),
  'orgs.update': (f) => ({ id: f.organizationId, patch: { name: 'Outage renamed' } }),
  'orgs.upsert': (f) => ({ id: f.organizationId, name: 'Outage renamed' }),
  'orgs.get': orgOnly,
  'orgs.list': () => ({}),
  'orgs.byTherapist': (f) => ({ therapistUserId: f.userId }),
  'orgs.activate': orgOnly,
  'orgs.deactivate': orgOnly,
  'orgs.archive': orgOnly,
  'orgs.unarchive': orgOnly,
  'profiles.upsert': (f) => ({
    userId: f.userId,
    personal: { phoneNumber: '555 0100', timezone: 'Europe/Paris' },
    addresses: [{ addressLine1: '1 Outage Way' }],
    professional: { npi: '1234567893' },
  }),
  'profiles.get': (f) => ({ userId: f.userId }),
  'invitations.create': (f) => ({
    email: uniqueEmail('outage-invitee'),
    roles: ['staff'],
    organizationId: f.organizationId,
  }),
  'invitations.list': () => ({}),
  'invitations.revoke': (f) => ({ id: f.invitationId }),
  'invitations.resend': (f) => ({ id: f.invitationId }),
  'invitations.lookup': (f) => ({ token: f.invitationToken }),
  'invitations.accept': (f) => ({ token: f.invitationToken, password: NEW_PASSWORD }),
  'groups.create': (f) => ({ name: `Outage ${randomUUID()}`, organizationId: f.organizationId }),
  'groups.update': (f) => ({ id: f.groupId, patch: { description: 'Outage' } }),
  'groups.delete': (f) => ({ id: f.groupId }),
  'groups.get': (f) => ({ id: f.groupId }),
  'groups.list': () => ({}),
  'groups.addMembers': (f) => ({ id: f.groupId, userIds: [f.otherId] }),
  'groups.removeMembers': (f) => ({ id: f.groupId, userIds: [f.memberId] }),
  'patients.list': () => ({}),
  'patients.get': (f) => ({ id: f.patientId }),
  'patients.create': (f) => ({ firstName: 'Out', lastName: 'Age', organizationId: f.organizationId }),
  'patients.update': (f) => ({ id: f.patientId, patch: { active: false } }),
  'patients.archive': (f) => ({ id: f.patientId }),
  'patients.link': (f) => ({ id: f.patientId, userId: f.otherParentId }),
  'patients.unlink': (f) => ({ id: f.patientId, userId: f.linkedParentId }),
  'settings.get': () => undefined,
};

interface ProcedureDef {
  _def: { type: 'query' | 'mutation' | 'subscription'; inputs: Array<{ parse(value: unknown): unknown }> };
}
const procedures = appRouter._def.procedures as unknown as Record<string, ProcedureDef>;

async function fixture(): Promise<Fixture & { token: string }> {
  const org = await createTestOrg(db);
  const { user: admin } = await createTestUser(db, { roles: ['admin'], organizationId: org.id });
  const { user } = await createTestUser(db, { roles: ['staff'], organizationId: org.id });
  const { user: member } = await createTestUser(db, { organizationId: org.id });
  const { user: other } = await createTestUser(db, { organizationId: org.id });
  const group = await db
    .insertInto('groups')
    .values({ organizationId: org.id, name: `Outage ${randomUUID()}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('groupMembers').values({ groupId: group.id, userId: member.id }).execute();
  const patient = await db
    .insertInto('patients')
    .values({ organizationId: org.id, firstName: 'Out', lastName: 'Age' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { user: linkedParent } = await createTestUser(db, { roles: ['parent'], organizationId: org.id });
  const { user: otherParent } = await createTestUser(db, { roles: ['parent'], organizationId: org.id });
  await db.insertInto('patientParents').values({ patientId: patient.id, userId: linkedParent.id }).execute();
  const invitationToken = generateToken();
  const invitation = await db
    .insertInto('invitations')
    .values({
      email: uniqueEmail('outage-invited'),
      roles: ['staff'],
      organizationId: org.id,
      tokenHash: sha256Hex(invitationToken),
      invitedBy: admin.id,
      expiresAt: new Date(Date.now() + 86_400_000),
      mailQueuedAt: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const resetToken = generateToken();
  await db
    .insertInto('passwordResetTokens')
    .values({
      userId: user.id,
      tokenHash: sha256Hex(resetToken),
      purpose: 'reset',
      expiresAt: new Date(Date.now() + 3_600_000),
    })
    .execute();
  const confirmToken = generateToken();
  const { user: signedUp } = await createTestUser(db, { status: 'pending', roles: [] });
  await db
    .insertInto('emailConfirmationTokens')
    .values({
      userId: signedUp.id,
      tokenHash: sha256Hex(confirmToken),
      passwordHash: 'not-a-real-hash',
      expiresAt: new Date(Date.now() + 3_600_000),
    })
    .execute();
  const { token } = await sessions.create(admin.id, { ip: '127.0.0.1', userAgent: 'vitest' });
  return {
    token,
    adminEmail: admin.email,
    organizationId: org.id,
    userId: user.id,
    groupId: group.id,
    memberId: member.id,
    otherId: other.id,
    invitationId: invitation.id,
    invitationToken,
    resetToken,
    confirmToken,
    patientId: patient.id,
    linkedParentId: linkedParent.id,
    otherParentId: otherParent.id,
  };
}

interface Answer {
  status: number;
  data?: unknown;
  error?: { code: string; httpStatus: number };
  text: string;
}

async function call(name: string, token: string, input: unknown): Promise<Answer> {
  const type = procedures[name]?._def.type;
  const encoded = JSON.stringify(superjson.serialize(input));
  const url = `http://127.0.0.1:${server.port}/trpc/${name}`;
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const res =
    type === 'query'
      ? await fetch(`${url}?input=${encodeURIComponent(encoded)}`, { headers })
      : await fetch(url, { method: 'POST', headers, body: encoded });
  const text = await res.text();
  const body = JSON.parse(text) as { result?: { data: never }; error?: { json: { data: never } } };
  return {
    status: res.status,
    text,
    ...(body.result ? { data: superjson.deserialize(body.result.data) } : {}),
    ...(body.error ? { error: body.error.json.data } : {}),
  };
}

describe('with Redis down', () => {
  it('INPUTS has a valid input for every procedure of the router', async () => {
    expect(Object.keys(INPUTS).sort()).toEqual(Object.keys(procedures).sort());
    const f = await fixture();
    for (const [name, input] of Object.entries(INPUTS)) {
      for (const parser of procedures[name]?._def.inputs ?? []) {
        expect(() => parser.parse(input(f)), name).not.toThrow();
      }
    }
  });

  it('no procedure answers 500: it answers 503 or degrades', { timeout: 180_000 }, async () => {
    const fixtures = new Map<string, Fixture & { token: string }>();
    for (const name of Object.keys(INPUTS)) fixtures.set(name, await fixture());
    await ownRedis.stop();

    const answers: Record<string, number> = {};
    const failures: string[] = [];
    for (const [name, input] of Object.entries(INPUTS)) {
      const f = fixtures.get(name);
      if (!f) throw new Error(`no fixture for ${name}`);
      const answer = await call(name, f.token, input(f));
      answers[name] = answer.status;
      // 400 would mean the input above is not valid: the call must reach the procedure's work.
      if ((answer.status >= 500 && answer.status !== 503) || answer.status === 400) {
        failures.push(`${name} ${answer.status}: ${answer.text}`);
      }
    }
    expect(failures).toEqual([]);
    const f = await fixture();
    const list = await call('users.list', f.token, { filters: { organizationId: f.organizationId } });
    expect(list.status).toBe(200);
    const items = (list.data as { items: Array<{ isOnline: boolean | null }> }).items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((item) => item.isOnline === null)).toBe(true);
    const got = await call('users.get', f.token, { id: f.userId });
    expect(got.data).toMatchObject({ id: f.userId, isOnline: null });
    const onlineFilter = await call('users.list', f.token, { filters: { online: true } });
    expect([onlineFilter.status, onlineFilter.error?.code]).toEqual([503, 'SERVICE_UNAVAILABLE']);
    const login = await call('auth.login', f.token, { email: f.adminEmail, password: TEST_PASSWORD });
    expect([login.status, login.error?.code]).toEqual([503, 'SERVICE_UNAVAILABLE']);
    const dashboard = await call('dashboard.summary', f.token, undefined);
    expect(dashboard.status).toBe(200);
    expect(dashboard.data).toMatchObject({ onlineUsers: null, totalUsers: expect.any(Number) });
    expect(answers['users.list']).toBe(200);
    // The REST twins: the same 503 in seed 003's error shape, and the same degraded presence.
    const restUrl = `http://127.0.0.1:${server.port}/api`;
    const restLogin = await fetch(`${restUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: f.adminEmail, password: TEST_PASSWORD }),
    });
    expect([restLogin.status, await restLogin.json()]).toEqual([503, { errors: expect.any(String) }]);
    const restUser = await fetch(`${restUrl}/users/${f.userId}`, { headers: { 'x-user-token': f.token } });
    expect([restUser.status, await restUser.json()]).toEqual([
      200,
      expect.objectContaining({ is_online: null }),
    ]);

    // And back: presence is known again.
    await ownRedis.start();
    await expect
      .poll(async () => (await call('users.get', f.token, { id: f.userId })).data, { timeout: 15_000 })
      .toMatchObject({ isOnline: false });
  });
});
