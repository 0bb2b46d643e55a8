import { describe, expect, it } from 'vitest';
import { renamerFor } from './row-renamer';

describe('renamerFor', () => {
  it('renames every column, whatever characters the names hold, and keeps values as they are', () => {
    const columns = ['first_name', 'quote"d', 'back\\slash', 'a}; throw 1; ({', 'line\nbreak', '\u2028'];
    const names = ['firstName', 'quote"D', 'back\\Slash', '}) + process.exit(1) + ({', 'line\nBreak', 'sep'];
    const nested = { inner_key: [1] };
    const row = Object.fromEntries(columns.map((column, i) => [column, i === 0 ? nested : i]));
    const renamed = renamerFor(columns, names)(row);
    expect(Object.entries(renamed)).toEqual(names.map((name, i) => [name, i === 0 ? nested : i]));
    expect(renamed.firstName).toBe(nested);
  });

  it('makes `__proto__` an own property, never the prototype', () => {
    const renamed = renamerFor(['x', 'y'], ['__proto__', 'y'])({ x: { polluted: true }, y: 2 });
    expect(Object.getPrototypeOf(renamed)).toBe(Object.prototype);
    expect(Object.hasOwn(renamed, '__proto__')).toBe(true);
    expect((renamed as { polluted?: boolean }).polluted).toBeUndefined();
    expect(Object.keys(renamed)).toEqual(['__proto__', 'y']);
  });
});
