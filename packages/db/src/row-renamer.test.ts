import { describe, expect, it } from 'vitest';
import { arrayRenamerFor, omitting, renamerFor } from './row-renamer';

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

describe('arrayRenamerFor', () => {
  it('names each value by its position, whatever characters the names hold; a name given twice keeps the last', () => {
    const names = [
      'firstName',
      'quote"D',
      'back\\Slash',
      '}) + process.exit(1) + ({',
      'line\nBreak',
      '\u2028',
    ];
    const nested = { inner_key: [1] };
    const values = names.map((_, i) => (i === 0 ? nested : i));
    const built = arrayRenamerFor(names)(values);
    expect(Object.entries(built)).toEqual(names.map((name, i) => [name, values[i]]));
    expect(built.firstName).toBe(nested);
    expect(arrayRenamerFor(['id', 'name', 'id'])([1, 'a', 2])).toEqual({ id: 2, name: 'a' });
  });

  it('makes `__proto__` an own property, never the prototype', () => {
    const built = arrayRenamerFor(['__proto__', 'y'])([{ polluted: true }, 2]);
    expect(Object.getPrototypeOf(built)).toBe(Object.prototype);
    expect(Object.hasOwn(built, '__proto__')).toBe(true);
    expect((built as { polluted?: boolean }).polluted).toBeUndefined();
  });
});

describe('omitting', () => {
  it('copies every property but the excluded ones, in order, for rows of any columns, leaving the row as it was', () => {
    const userOf = omitting(['sessionIp', 'orgName']);
    const row = { id: 'u1', sessionIp: '10.0.0.1', email: 'a@b.test', orgName: 'North', tags: ['x'] };
    const user = userOf(row);
    expect(Object.entries(user)).toEqual([
      ['id', 'u1'],
      ['email', 'a@b.test'],
      ['tags', row.tags],
    ]);
    expect(user.tags).toBe(row.tags);
    expect(row).toEqual({
      id: 'u1',
      sessionIp: '10.0.0.1',
      email: 'a@b.test',
      orgName: 'North',
      tags: ['x'],
    });
    // A row whose columns changed (a migration added one while the process ran) keeps its new column.
    expect(userOf({ id: 'u2', sessionIp: null, added: 1 })).toEqual({ id: 'u2', added: 1 });
    expect(userOf({ id: 'u3', sessionIp: '::1', email: 'c@d.test', orgName: null, tags: [] })).toEqual({
      id: 'u3',
      email: 'c@d.test',
      tags: [],
    });
  });
});
