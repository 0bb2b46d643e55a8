import { randomUUID } from 'node:crypto';
import { createTestUser, recordingStatements, workerDatabase } from '@praxis/db/testing';
import { describe, expect, it } from 'vitest';
import { selectUsersInOrder } from './users.list.queries';

describe('selectUsersInOrder', () => {
  it('gives each page asked in one turn its own rows in its order, read by one statement', async () => {
    const { db } = (await workerDatabase()).handle;
    const [a, b, c] = await Promise.all([0, 1, 2].map(async () => (await createTestUser(db)).user.id));
    const recorder = recordingStatements(db);
    const asked = [[a!, b!, c!], [c!, a!], [randomUUID(), b!], [], [b!]];
    const pages = await Promise.all(asked.map((ids) => selectUsersInOrder(recorder.db, ids)));
    expect(pages.map((rows) => rows.map((row) => row.id))).toEqual([[a, b, c], [c, a], [b], [], [b]]);
    // The same user on two pages is two rows: no page sees another's objects.
    expect(pages[0]?.[0]).not.toBe(pages[1]?.[1]);
    expect(recorder.statements).toHaveLength(1);
    // The next turn reads again, and sees a write made in between.
    await db.updateTable('users').set({ firstName: 'Renamed' }).where('id', '=', a!).execute();
    const [again] = await selectUsersInOrder(recorder.db, [a!]);
    expect(again?.firstName).toBe('Renamed');
    expect(recorder.statements).toHaveLength(2);
  });
});
