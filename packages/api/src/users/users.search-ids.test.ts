import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserIds } from './users.search-ids';

const uuid = fc.uuid({ version: [4, 7] });

describe('UserIds', () => {
  it('finds each id at its slot through adds and removes, as a Map of them does, and gives it back as written', () => {
    fc.assert(
      fc.property(
        // Up to 1,000 ids (the table's first size holds 1,024 before it grows: probe chains form),
        // coming and going, so removals shift chains.
        fc.uniqueArray(uuid, { minLength: 600, maxLength: 1000 }),
        fc.array(fc.tuple(fc.nat(), fc.boolean()), { minLength: 5000, maxLength: 20_000 }),
        (pool, steps) => {
          const ids = new UserIds();
          const expected = new Map<string, number>();
          const free: number[] = [];
          let next = 0;
          for (const [pick, remove] of steps) {
            const id = pool[pick % pool.length] as string;
            const slot = expected.get(id);
            if (remove && slot !== undefined) {
              ids.remove(slot);
              expected.delete(id);
              free.push(slot);
            } else if (!remove && slot === undefined) {
              const taken = free.pop() ?? next++;
              ids.add(id, taken);
              expected.set(id, taken);
            }
          }
          expect(ids.size).toBe(expected.size);
          for (const id of pool) expect(ids.slotOf(id)).toBe(expected.get(id));
          for (const [id, slot] of expected) expect(ids.idOf(slot)).toBe(id);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('holds a hundred thousand ids, and finds none it was not given', () => {
    const ids = new UserIds();
    const given = fc.sample(uuid, { numRuns: 100_000, seed: 42 });
    const unique = [...new Set(given)];
    unique.forEach((id, slot) => {
      ids.add(id, slot);
    });
    expect(ids.size).toBe(unique.length);
    unique.forEach((id, slot) => {
      expect(ids.slotOf(id)).toBe(slot);
    });
    const known = new Set(unique);
    for (const id of fc.sample(uuid, { numRuns: 1000, seed: 7 })) {
      if (!known.has(id)) expect(ids.slotOf(id)).toBeUndefined();
    }
  });

  it('orders ids as Postgres orders uuids, and as their text sorts', () => {
    fc.assert(
      fc.property(uuid, uuid, (a, b) => {
        const ids = new UserIds();
        ids.add(a, 0);
        if (a !== b) ids.add(b, 1);
        const order = Math.sign(ids.compare(0, a === b ? 0 : 1));
        expect(order).toBe(a < b ? -1 : a > b ? 1 : 0);
      }),
    );
  });

  it('refuses an id that is not a uuid as Postgres writes it', () => {
    const ids = new UserIds();
    expect(() => ids.add('user-1', 0)).toThrow(/uuid/);
    expect(() => ids.add('0C8A2D4E-1B2F-4A3C-9D8E-7F6A5B4C3D2E', 0)).toThrow(/uuid/);
    expect(ids.slotOf('user-1')).toBeUndefined();
    for (const notOne of [
      '0c8a2d4e1b2f-4a3c-9d8e-7f6a5b4c3d2e0',
      '0c8a2d4e-1b2f-4a3c-9d8e_7f6a5b4c3d2e',
      '0c8a2d4e-1b2f-4a3c-9d8e-7f6a5b4c3d2g',
      '0c8a2d4e-1b2f-4a3c-9d8e-7f6a5b4c3d2é',
      '0c8a2d4e-1b2f-4a3c-9d8e-7f6a5b4c3d2',
      '0c8a2d4e-1b2f-4a3c-9d8e-7f6a5b4c3d2e ',
    ]) {
      expect(ids.slotOf(notOne)).toBeUndefined();
      expect(() => ids.add(notOne, 0)).toThrow(/uuid/);
    }
    expect(ids.size).toBe(0);
    // An id looked up, then another added: the one added is the one held.
    const [first, second] = ['0c8a2d4e-1b2f-4a3c-9d8e-7f6a5b4c3d2e', 'ffffffff-0000-4000-8000-000000000001'];
    expect(ids.slotOf(first)).toBeUndefined();
    ids.add(second, 0);
    expect(ids.idOf(0)).toBe(second);
    expect(ids.slotOf(second)).toBe(0);
    expect(ids.slotOf(first)).toBeUndefined();
  });
});
