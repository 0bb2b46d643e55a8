import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoString } from './iso-date';

describe('isoString', () => {
  it('writes what toISOString writes, for any valid date', () => {
    fc.assert(
      fc.property(fc.date({ noInvalidDate: true }), (date) => {
        expect(isoString(date)).toBe(date.toISOString());
      }),
      { numRuns: 2000 },
    );
    const edges = [
      0, -1, 86_399_999, -62_167_219_200_000, -62_167_219_200_001, 253_402_300_799_999, 253_402_300_800_000,
    ];
    for (const ms of edges) expect(isoString(new Date(ms))).toBe(new Date(ms).toISOString());
    for (const text of ['2024-02-29T23:59:59.999Z', '2000-03-01T00:00:00.000Z', '1900-02-28T12:00:00.001Z']) {
      expect(isoString(new Date(text))).toBe(text);
    }
  });
});
