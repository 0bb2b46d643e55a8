import { defaultParseSearch, defaultStringifySearch } from '@tanstack/react-router';
import { describe, expect, it } from 'vitest';
import {
  activeFilterCount,
  cleanSearch,
  nextPageSearch,
  toggleSort,
  toListInput,
  type UsersSearch,
  usersSearchSchema,
  withChange,
} from './users-search';

const ORG = '0b5f8d1e-3c2a-4f6b-9d7e-1a2b3c4d5e6f';

/** What the router does with a URL: parse the query string, then validateSearch. */
const fromUrl = (query: string) => usersSearchSchema.parse(defaultParseSearch(query));
const toUrl = (search: UsersSearch) => defaultStringifySearch(cleanSearch(search));

describe('users list search ↔ URL', () => {
  it('the plain list is a bare /users and asks users.list for its defaults', () => {
    const search = fromUrl('');
    expect(search).toEqual({});
    expect(toUrl(search)).toBe('');
    expect(toListInput(search)).toEqual({
      page: 1,
      pageSize: 20,
      sortBy: 'createdAt',
      sortDir: 'desc',
      filters: {},
    });
  });

  it('round-trips every filter, the search, sort and page through the query string', () => {
    const search: UsersSearch = {
      q: 'ada',
      roles: ['provider', 'staff'],
      status: ['active', 'pending'],
      active: true,
      clinical: false,
      confirmed: false,
      online: true,
      archived: true,
      org: ORG,
      from: '2026-01-01',
      to: '2026-01-31',
      sort: 'email',
      dir: 'asc',
      page: 3,
      size: 50,
    };
    const url = toUrl(search);
    expect(fromUrl(url)).toEqual(search);
    expect(toListInput(fromUrl(url))).toEqual({
      page: 3,
      pageSize: 50,
      sortBy: 'email',
      sortDir: 'asc',
      search: 'ada',
      filters: {
        roles: ['provider', 'staff'],
        status: ['active', 'pending'],
        active: true,
        clinical: false,
        confirmed: false,
        online: true,
        archived: true,
        organizationId: ORG,
        createdFrom: '2026-01-01',
        createdTo: '2026-01-31',
      },
    });
  });

  it('drops each invalid value on its own and keeps the rest', () => {
    const search = fromUrl(
      '?q=x&roles=%5B%22provider%22%2C%22wizard%22%5D&status=%22active%22&active=%22maybe%22&org=nope&from=2026-13-45&sort=password&dir=up&page=-2&size=7&clinical=true',
    );
    expect(search).toEqual({ q: 'x', roles: ['provider'], clinical: true });
    expect(toListInput(search).filters).toEqual({ roles: ['provider'], clinical: true });
  });

  it('leaves defaults out of the URL (page 1, size 20, newest first, not archived)', () => {
    expect(
      cleanSearch({ q: '  ', roles: [], page: 1, size: 20, sort: 'createdAt', dir: 'desc', archived: false }),
    ).toEqual({});
  });

  it('a change of filter or search goes back to page 1 and forgets the cursor', () => {
    expect(withChange({ page: 4, cursor: 'abc', q: 'a' }, { q: 'ad' })).toEqual({ q: 'ad' });
    expect(withChange({ page: 4, roles: ['staff'] }, { roles: undefined })).toEqual({});
  });

  it('a header click sorts by that column in its natural direction, a second click reverses it', () => {
    const byName = toggleSort({}, 'lastName');
    expect(byName).toEqual({ sort: 'lastName', dir: 'asc' });
    expect(toggleSort(byName, 'lastName')).toEqual({ sort: 'lastName', dir: 'desc' });
    // The default sort is newest first: clicking Created turns it to oldest first.
    expect(toggleSort({}, 'createdAt')).toEqual({ sort: 'createdAt', dir: 'asc' });
    expect(toggleSort({ sort: 'createdAt', dir: 'asc' }, 'createdAt')).toEqual({});
  });

  it('pages by number while shallow and by cursor beyond 10,000 rows', () => {
    expect(nextPageSearch({ page: 2 }, 'c1')).toEqual({ page: 3 });
    expect(nextPageSearch({ page: 499, size: 20 }, 'c1')).toEqual({ page: 500 });
    expect(nextPageSearch({ page: 500, size: 20 }, 'c1')).toEqual({ page: 501, cursor: 'c1' });
    expect(nextPageSearch({ page: 501, cursor: 'c1' }, 'c2')).toEqual({ page: 502, cursor: 'c2' });
    // With a cursor the request carries only the cursor (users.list takes page or cursor).
    expect(toListInput({ page: 501, cursor: 'c1' })).toMatchObject({ cursor: 'c1' });
    expect(toListInput({ page: 501, cursor: 'c1' })).not.toHaveProperty('page');
  });

  it('counts the filters that are set', () => {
    expect(activeFilterCount({ q: 'a', sort: 'email' })).toBe(0);
    expect(activeFilterCount({ roles: ['staff'], active: false, from: '2026-01-01', archived: true })).toBe(
      3,
    );
  });
});
