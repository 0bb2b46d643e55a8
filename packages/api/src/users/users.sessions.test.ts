import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../deps';
import {
  auditActionsOn,
  clientAdminWithMembers,
  createTestDeps,
  isStillSignedIn,
  signedIn,
} from '../testing';

let deps: ApiDeps & { close(): Promise<void> };
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(() => deps.close());

const clientAdmin = () => clientAdminWithMembers(deps);
const actionsOn = (targetId: string) => auditActionsOn(deps.db, targetId);
const stillSignedIn = (token: string) => isStillSignedIn(deps, token);

describe('users.sessions and users.revokeSessions', () => {
  it("lists a user's sessions without tokens and revokes them all", async () => {
    const { caller, member } = await clientAdmin();
    const target = await member();
    const { token } = await signedIn(deps, target);
    await signedIn(deps, target);
    const sessions = await caller.users.sessions({ id: target.id });
    expect(sessions).toHaveLength(2);
    expect(JSON.stringify(sessions)).not.toContain(token);
    expect(Object.keys(sessions[0] ?? {}).sort()).toEqual([
      'createdAt',
      'current',
      'expiresAt',
      'id',
      'impersonatedBy',
      'ip',
      'lastSeenAt',
      'userAgent',
    ]);
    expect(await caller.users.revokeSessions({ id: target.id })).toEqual({ ok: true, revoked: 2 });
    expect(await stillSignedIn(token)).toBe(false);
    expect(await actionsOn(target.id)).toEqual(['users.revoke_sessions']);
  });
});
