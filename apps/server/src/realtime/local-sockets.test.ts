import { describe, expect, it } from 'vitest';
import { createLocalSockets } from './local-sockets';

describe('local sockets', () => {
  it('holds one socket per user or several, and names members as Redis knows them', () => {
    const local = createLocalSockets('inst');
    local.add('u1', 'org', 's1');
    local.add('u2', null, 's2');
    local.add('u2', null, 's3');
    expect(local.userCount).toBe(2);
    expect(local.takeHeartbeat()).toEqual([
      { userId: 'u1', organizationId: 'org', activityMs: 0, members: ['inst:s1'] },
      { userId: 'u2', organizationId: null, activityMs: 0, members: ['inst:s2', 'inst:s3'] },
    ]);

    local.touch('u2', 1_000);
    expect(local.remove('u2', 's2')).toBe(1_000);
    expect(local.takeHeartbeat()[1]).toMatchObject({ userId: 'u2', members: ['inst:s3'] });
    local.add('u2', null, 's4');
    expect(local.takeHeartbeat()[1]).toMatchObject({ members: ['inst:s3', 'inst:s4'] });
    expect(local.remove('u2', 's3')).toBe(0);
    expect(local.remove('u2', 's4')).toBe(0);
    expect(local.remove('u1', 'not-its-socket')).toBe(0);
    expect(local.userCount).toBe(1);
    expect(local.remove('u1', 's1')).toBe(0);
    expect(local.userCount).toBe(0);
    expect(local.takeHeartbeat()).toEqual([]);
  });

  it('hands each activity to one heartbeat only', () => {
    const local = createLocalSockets('inst');
    local.add('u1', null, 's1');
    local.touch('u1', 5);
    local.touch('u1', 3);
    expect(local.takeHeartbeat()[0]?.activityMs).toBe(5);
    expect(local.takeHeartbeat()[0]?.activityMs).toBe(0);
  });
});
