import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SearchTexts } from './users.search-texts';

// A term as the index asks about it: never half of a surrogate pair (see LONE_SURROGATE).
const wellFormed = (term: string) =>
  term.length > 0 && !/[\uD800-\uDFFF]/.test(term.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''));

// Texts as Postgres's search_text holds them: lower-cased names and emails, some not ASCII.
const text = fc.string({
  unit: fc.constantFrom(...'abcdeéöß.@ -_', '😀', '中'),
  maxLength: 40,
});

describe('SearchTexts', () => {
  it('keeps each slot’s latest text through replacements and rewrites, and finds a term exactly where String.includes does', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: 300 }), text), { minLength: 1, maxLength: 3000 }),
        fc.array(
          text.filter((term) => term.length > 0),
          { minLength: 1, maxLength: 20 },
        ),
        (writes, terms) => {
          const texts = new SearchTexts();
          const expected = new Map<number, string>();
          for (const [slot, value] of writes) {
            texts.set(slot, value);
            expected.set(slot, value);
          }
          texts.trim();
          for (const [slot, value] of expected) {
            expect(texts.get(slot)).toBe(value);
            for (const term of [...terms, value.slice(1, 4), value]) {
              if (!wellFormed(term)) continue;
              expect(texts.holds(slot, SearchTexts.termOf(term))).toBe(value.includes(term));
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('keeps every text as the array grows to hold a hundred thousand of them, replaced ones among them', () => {
    const texts = new SearchTexts();
    const textOf = (slot: number, round: number) => `user${slot}.${round}@praxis.demo user ${slot} ärztin`;
    for (let slot = 0; slot < 100_000; slot++) texts.set(slot, textOf(slot, 0));
    for (let slot = 0; slot < 100_000; slot += 7) texts.set(slot, textOf(slot, 1));
    texts.trim();
    for (let slot = 0; slot < 100_000; slot++) {
      expect(texts.get(slot)).toBe(textOf(slot, slot % 7 === 0 ? 1 : 0));
    }
  });

  it('a slot never set, or emptied, holds no text', () => {
    const texts = new SearchTexts();
    texts.set(3, 'ada.admin@praxis.demo ada admin');
    expect(texts.get(2000)).toBe('');
    expect(texts.holds(2, SearchTexts.termOf('ada'))).toBe(false);
    texts.set(3, '');
    expect(texts.holds(3, SearchTexts.termOf('ada'))).toBe(false);
    expect(texts.get(3)).toBe('');
  });
});
