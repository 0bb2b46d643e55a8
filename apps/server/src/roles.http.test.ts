import { actorOf } from '@praxis/api';
import {
  CONTRACT_COLUMNS,
  createTestDeps,
  expectedOutcome,
  type MatrixRule,
  type Outcome,
} from '@praxis/api/testing';
import type { Organization, Role } from '@praxis/db';
import { createTestOrg, createTestUser, uniqueEmail } from '@praxis/db/testing';
import type { Actor } from '@praxis/policy';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app';

// Spot checks of who may do what, per role, over HTTP: for each role, reads and writes of every area,
// on records of the caller's own organisation (A) and of another (B), through the whole Hono and
// tRPC stack with a Bearer token. The expected status comes from the hand-written table in
// @praxis/api/testing (never from POLICY); the full matrix runs in packages/api.
type Deps = Awaited<ReturnType<typeof createTestDeps>>;
let deps: Deps;
let app: ReturnType<typeof createApp>;
let orgA: Organization;
let orgB: Organization;
beforeAll(async () => {
  deps = await createTestDeps();
  app = createApp(deps);
  orgA = await createTestOrg(deps.db, { name: 'Roles HTTP A' });
  orgB = await createTestOrg(deps.db, { name: 'Roles HTTP B' });
});
afterAll(() => deps.close());

const HTTP_STATUS: Record<Outcome, number> = { OK: 200, UNAUTHORIZED: 401, FORBIDDEN: 403, NOT_FOUND: 404 };

async function statusOf(token: string | null, method: 'GET' | 'POST', path: string, input: unknown) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const encoded = JSON.stringify(superjson.serialize(input));
  const res =
    method === 'GET'
      ? await app.request(`/trpc/${path}?input=${encodeURIComponent(encoded)}`, { headers })
      : await app.request(`/trpc/${path}`, { method, headers, body: encoded });
  await res.body?.cancel();
  return res.status;
}

interface SpotCheck {
  rule: MatrixRule;
  /** The procedure's path and input for a record of this organisation (ignored when untargeted). */
  request: (organizationId: string) => Promise<{ method: 'GET' | 'POST'; path: string; input: unknown }>;
}

const staffOf = async (organizationId: string) =>
  (await createTestUser(deps.db, { roles: ['staff'], organizationId })).user.id;

const groupOf = async (organizationId: string) =>
  (
    await deps.db
      .insertInto('groups')
      .values({ organizationId, name: `Spot ${crypto.randomUUID()}` })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;

const CHECKS: Record<string, SpotCheck> = {
  'users.list': {
    rule: { guard: 'users.read', targeted: false },
    request: async () => ({ method: 'GET', path: 'users.list', input: {} }),
  },
  'users.get': {
    rule: { guard: 'users.read', targeted: true, read: 'users.read' },
    request: async (org) => ({ method: 'GET', path: 'users.get', input: { id: await staffOf(org) } }),
  },
  'users.update': {
    rule: { guard: 'users.write', targeted: true, read: 'users.read', needs: ['users.write'] },
    request: async (org) => ({
      method: 'POST',
      path: 'users.update',
      input: { id: await staffOf(org), patch: { title: 'Spot' } },
    }),
  },
  'users.delete': {
    rule: { guard: 'users.delete', targeted: true, read: 'users.read', needs: ['users.delete'] },
    request: async (org) => ({ method: 'POST', path: 'users.delete', input: { id: await staffOf(org) } }),
  },
  'orgs.create': {
    rule: { guard: 'orgs.create', targeted: false },
    request: async () => ({ method: 'POST', path: 'orgs.create', input: { name: 'Spot clinic' } }),
  },
  'orgs.get': {
    rule: { guard: 'orgs.read', targeted: true, read: 'orgs.read' },
    request: async (org) => ({ method: 'GET', path: 'orgs.get', input: { id: org } }),
  },
  'orgs.update': {
    rule: { guard: 'orgs.update', targeted: true, read: 'orgs.read', needs: ['orgs.update'] },
    request: async (org) => ({
      method: 'POST',
      path: 'orgs.update',
      input: { id: org, patch: { name: org === orgA.id ? 'Roles HTTP A' : 'Roles HTTP B' } },
    }),
  },
  'invitations.list': {
    rule: { guard: 'invitations.read', targeted: false },
    request: async () => ({ method: 'GET', path: 'invitations.list', input: {} }),
  },
  'invitations.create': {
    rule: {
      guard: 'invitations.write',
      targeted: true,
      read: 'invitations.read',
      needs: ['invitations.write', 'users.grantRole'],
    },
    request: async (org) => ({
      method: 'POST',
      path: 'invitations.create',
      input: { email: uniqueEmail('spot'), roles: ['staff'], organizationId: org },
    }),
  },
  'groups.get': {
    rule: { guard: 'groups.read', targeted: true, read: 'groups.read' },
    request: async (org) => ({ method: 'GET', path: 'groups.get', input: { id: await groupOf(org) } }),
  },
  'groups.create': {
    rule: { guard: 'groups.write', targeted: true, read: 'groups.read', needs: ['groups.write'] },
    request: async (org) => ({
      method: 'POST',
      path: 'groups.create',
      input: { name: `Spot ${crypto.randomUUID()}`, organizationId: org },
    }),
  },
  'dashboard.summary': {
    rule: { guard: 'dashboard.read', targeted: false },
    request: async () => ({ method: 'GET', path: 'dashboard.summary', input: undefined }),
  },
  'audit.list': {
    rule: { guard: 'audit.read', targeted: false },
    request: async () => ({ method: 'GET', path: 'audit.list', input: {} }),
  },
};

const CALLERS: (Role | 'signed out')[] = [...CONTRACT_COLUMNS, 'signed out'];

describe.each(CALLERS)('over HTTP as %s', (who) => {
  it('each area answers 200, 401, 403 or 404 as the Roles table says, for organisations A and B', async () => {
    let actor: Actor | null = null;
    let token: string | null = null;
    if (who !== 'signed out') {
      const { user } = await createTestUser(deps.db, { roles: [who], organizationId: orgA.id });
      actor = actorOf(user);
      token = (await deps.sessions.create(user.id, { ip: '127.0.0.1', userAgent: 'vitest' })).token;
    }
    const actual: Record<string, number> = {};
    const expected: Record<string, number> = {};
    for (const [name, { rule, request }] of Object.entries(CHECKS)) {
      for (const org of rule.targeted ? [orgA, orgB] : [orgA]) {
        const key = rule.targeted ? `${name} in ${org === orgA ? 'A' : 'B'}` : name;
        const { method, path, input } = await request(org.id);
        actual[key] = await statusOf(token, method, path, input);
        expected[key] = HTTP_STATUS[expectedOutcome(actor, rule, { organizationId: org.id })];
      }
    }
    expect(actual).toEqual(expected);
  });
});
