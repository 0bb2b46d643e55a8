import { describe, expect, it } from 'vitest';
import { perTurn } from './turn-batches';

describe('perTurn', () => {
  it('answers the asks of one turn by one call, in the order asked, and the next turn by another', async () => {
    const calls: number[][] = [];
    const double = perTurn(async (asks: number[]) => {
      calls.push(asks);
      return asks.map((ask) => ask * 2);
    });
    expect(await Promise.all([double(1), double(2), double(3)])).toEqual([2, 4, 6]);
    expect(await double(4)).toBe(8);
    expect(calls).toEqual([[1, 2, 3], [4]]);
  });

  it('fails every ask of a turn whose call failed, and only those', async () => {
    let fail = true;
    const echo = perTurn(async (asks: string[]) => {
      if (fail) throw new Error('down');
      return asks;
    });
    const failed = await Promise.allSettled([echo('a'), echo('b')]);
    expect(failed.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await echo('c')).toBe('c');
  });
});
