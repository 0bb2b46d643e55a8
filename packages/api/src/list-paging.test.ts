import { EXACT_TOTAL_LIMIT } from '@praxis/validators';
import { describe, expect, it } from 'vitest';
import { surelyAbove } from './list-paging';

// When a list may skip its exact count: only when the planner's estimate is surely above the
// limit, given how much the estimate can be off (the figures are those of the 1M-user dataset).
describe('surelyAbove', () => {
  it('always counts up to 1.5× the limit', () => {
    expect(surelyAbove({ rows: EXACT_TOTAL_LIMIT * 1.5 })).toBe(false);
    expect(surelyAbove({ rows: EXACT_TOTAL_LIMIT * 1.5, search: null })).toBe(false);
  });

  it('without a substring search, trusts the estimate beyond 1.5×; with an unknown basis, beyond 2.5×', () => {
    expect(surelyAbove({ rows: 15_001, search: null })).toBe(true);
    expect(surelyAbove({ rows: 25_000 })).toBe(false);
    expect(surelyAbove({ rows: 25_001 })).toBe(true);
  });

  it('with a search, skips only when the estimate stays above the limit at 3σ of its histogram share', () => {
    // "brow" at 1M users: estimated 15,221 (15 histogram entries of 1,000), 9,604 true: counted.
    expect(surelyAbove({ rows: 15_221, search: { rows: 16_000, tableRows: 1_000_008 } })).toBe(false);
    // "son" + provider + active at 1M: 17,942 estimated, "son" alone ~106 entries: skipped.
    expect(surelyAbove({ rows: 17_942, search: { rows: 106_107, tableRows: 1_000_008 } })).toBe(true);
    // "mar" at 1M: 56,126 estimated (~59 entries): skipped.
    expect(surelyAbove({ rows: 56_126, search: { rows: 59_000, tableRows: 1_000_008 } })).toBe(true);
    // A term of 9 entries or fewer is never trusted, however large the table.
    expect(surelyAbove({ rows: 90_000, search: { rows: 90_000, tableRows: 10_000_000 } })).toBe(false);
    // At 100k users "son" (11,801 estimated, 10,460 true) is under 1.5× and counted.
    expect(surelyAbove({ rows: 11_801, search: { rows: 12_413, tableRows: 100_008 } })).toBe(false);
  });
});
