import { auditActionsOn, createTestDeps } from '@praxis/api/testing';
import { createTestOrg, createTestUser } from '@praxis/db/testing';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { restClient } from '../testing/rest';

// Seed 001's organisation and practice-profile routes against the real server, every answer
// checked against the served document.
type Deps = Awaited<ReturnType<typeof createTestDeps>>;
let deps: Deps;
let app: ReturnType<typeof createApp>;
let rest: Awaited<ReturnType<typeof restClient>>;
beforeAll(async () => {
  deps = await createTestDeps();
  app = createApp(deps);
  rest = await restClient(app);
});
afterAll(() => deps.close());

async function signIn(options: Parameters<typeof createTestUser>[1] = {}) {
  const { user } = await createTestUser(deps.db, options);
  const { token } = await deps.sessions.create(user.id, { ip: '127.0.0.1', userAgent: 'vitest' });
  return { user, token };
}

async function clinic() {
  const org = await createTestOrg(deps.db);
  const admin = await signIn({ roles: ['client_admin'], organizationId: org.id });
  const member = (await createTestUser(deps.db, { organizationId: org.id, roles: ['provider'] })).user;
  return { org, admin, member };
}

const auditActions = (targetId: string) => auditActionsOn(deps.db, targetId);

async function trpc(token: string, path: string, input: unknown) {
  const res = await app.request(`/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(superjson.serialize(input)),
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

describe('seed 001 organisations over REST', () => {
  it('an admin creates, partially updates, reads and lists organisations; by therapist answers 200 or 204', async () => {
    const admin = await signIn({ roles: ['admin'] });
    const name = `Seed One ${crypto.randomUUID()}`;
    const created = await rest.send('post', '/api/organizations/', { token: admin.token, body: { name } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), name, therapist_user_id: null });
    const id = created.body.id as string;

    const therapist = (await createTestUser(deps.db, { organizationId: id, roles: ['provider'] })).user;
    const updated = await rest.send('post', '/api/organizations/', {
      userToken: admin.token,
      body: { id, therapist_user_id: therapist.id },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toEqual({ id, name, therapist_user_id: therapist.id });

    const one = await rest.send('get', '/api/organizations/id/{id}/', { params: { id }, token: admin.token });
    expect(one.body).toEqual({ id, name, therapist_user_id: therapist.id });
    const all = await rest.send('get', '/api/organizations/', { token: admin.token });
    expect(all.status).toBe(200);
    expect(all.body).toContainEqual({ id, name, therapist_user_id: therapist.id });

    const mine = await rest.send('get', '/api/organizations/{therapistUserId}/', {
      params: { therapistUserId: therapist.id },
      token: admin.token,
    });
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual([{ id, name, therapist_user_id: therapist.id }]);
    const none = await rest.send('get', '/api/organizations/{therapistUserId}/', {
      params: { therapistUserId: crypto.randomUUID() },
      token: admin.token,
    });
    expect(none.status).toBe(204);
    expect(none.text).toBe('');
  });

  it('401 without a token, 403 to create as a client admin, 404 across organisations, 422 by request field', async () => {
    const a = await clinic();
    const b = await clinic();
    const anonymous = await rest.send('get', '/api/organizations/');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toEqual({ errors: 'Authentication required' });
    const create = await rest.send('post', '/api/organizations/', {
      token: a.admin.token,
      body: { name: 'Mine' },
    });
    expect(create.status).toBe(403);
    const cross = await rest.send('get', '/api/organizations/id/{id}/', {
      params: { id: b.org.id },
      token: a.admin.token,
    });
    expect(cross.status).toBe(404);
    const crossUpdate = await rest.send('post', '/api/organizations/', {
      token: a.admin.token,
      body: { id: b.org.id, name: 'Taken over' },
    });
    expect(crossUpdate.status).toBe(404);
    const list = await rest.send('get', '/api/organizations/', { token: a.admin.token });
    expect(list.body.map((o: { id: string }) => o.id)).toEqual([a.org.id]);
    const invalid = await rest.send('post', '/api/organizations/', {
      token: a.admin.token,
      body: { id: a.org.id, name: '', therapist_user_id: 'not a uuid' },
    });
    expect(invalid.status).toBe(422);
    expect(Object.keys(invalid.body.errors).sort()).toEqual(['name', 'therapist_user_id']);
  });
});

const profileBody = (userId: string, orgId: string) => ({
  userId,
  userloginname: `login${crypto.randomUUID().slice(0, 8)}`,
  role: 'supervisor',
  firstName: 'Prax',
  lastName: 'Profile',
  gender: 'female',
  phoneNumber: '+1 555 0101',
  dob: '1980-08-24',
  image: '',
  timezone: 'America/New_York',
  address: [{ addressLine1: '1 Main St', city: 'Springfield', state: 'IL', country: 'US', zipcode: '62701' }],
  loginid: 'pprofile',
  orgid: orgId,
  npi: '1234567893',
  is_org_admin: false,
});

describe('seed 001 practice profiles over REST', () => {
  it('saves the flat body into the four sections and reads it back in the same fields', async () => {
    const { org, admin, member } = await clinic();
    const sent = profileBody(member.id, org.id);
    const saved = await rest.send('post', '/api/practice-profile/', { token: admin.token, body: sent });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({ success: true });
    const read = await rest.send('get', '/api/practice-profile/{userId}/', {
      params: { userId: member.id },
      token: admin.token,
    });
    expect(read.status).toBe(200);
    expect(read.body).toEqual({
      ...sent,
      emailid: member.email,
      image: null,
      address: [{ ...sent.address[0], addressLine2: null }],
    });
  });

  it('401, 404 across organisations, 422 with the flat body’s field names', async () => {
    const a = await clinic();
    const b = await clinic();
    const anonymous = await rest.send('get', '/api/practice-profile/{userId}/', {
      params: { userId: a.member.id },
    });
    expect(anonymous.status).toBe(401);
    const cross = await rest.send('get', '/api/practice-profile/{userId}/', {
      params: { userId: b.member.id },
      token: a.admin.token,
    });
    expect(cross.status).toBe(404);
    const crossWrite = await rest.send('post', '/api/practice-profile/', {
      token: a.admin.token,
      body: { userId: b.member.id, firstName: 'X' },
    });
    expect(crossWrite.status).toBe(404);
    const invalid = await rest.send('post', '/api/practice-profile/', {
      token: a.admin.token,
      body: { userId: a.member.id, emailid: 'not an email', npi: '123', role: 'emperor' },
    });
    expect(invalid.status).toBe(422);
    expect(Object.keys(invalid.body.errors).sort()).toEqual(['emailid', 'npi', 'role']);
    const badAddress = await rest.send('post', '/api/practice-profile/', {
      token: a.admin.token,
      body: { userId: a.member.id, address: [{ city: 'Nowhere' }] },
    });
    expect(badAddress.status).toBe(422);
    expect(Object.keys(badAddress.body.errors)).toEqual(['address.0.addressLine1']);
  });

  it('leaves the same rows and audit events as its tRPC twin', async () => {
    const { org, admin, member: viaRest } = await clinic();
    const viaTrpc = (await createTestUser(deps.db, { organizationId: org.id, roles: ['provider'] })).user;
    const restBody = profileBody(viaRest.id, org.id);
    const saved = await rest.send('post', '/api/practice-profile/', { token: admin.token, body: restBody });
    expect(saved.status).toBe(200);
    await trpc(admin.token, 'profiles.upsert', {
      userId: viaTrpc.id,
      personal: {
        userloginname: `${restBody.userloginname}t`,
        firstName: 'Prax',
        lastName: 'Profile',
        gender: 'female',
        phoneNumber: '+1 555 0101',
        dob: '1980-08-24',
        image: null,
        timezone: 'America/New_York',
      },
      addresses: restBody.address,
      account: { loginid: 'pprofile', orgid: org.id, isOrgAdmin: false },
      professional: { npi: '1234567893', role: 'supervisor' },
    });

    const columns = [
      'firstName',
      'lastName',
      'gender',
      'phoneNumber',
      'dateOfBirth',
      'imageUrl',
      'timezone',
      'npi',
      'roles',
      'organizationId',
    ] as const;
    const row = (id: string) =>
      deps.db.selectFrom('users').select(columns).where('id', '=', id).executeTakeFirstOrThrow();
    expect(await row(viaRest.id)).toEqual(await row(viaTrpc.id));
    const addresses = (id: string) =>
      deps.db
        .selectFrom('userAddresses')
        .select(['addressLine1', 'addressLine2', 'city', 'state', 'country', 'zipcode'])
        .where('userId', '=', id)
        .execute();
    expect(await addresses(viaRest.id)).toEqual(await addresses(viaTrpc.id));
    expect(await auditActions(viaRest.id)).toEqual(await auditActions(viaTrpc.id));
    expect(await auditActions(viaRest.id)).toContain('profiles.upsert');
  });
});
