import { defaultParseSearch } from '@tanstack/react-router';
import { describe, expect, it } from 'vitest';
import { orgsSearchSchema } from '../components/orgs/orgs-search';
import { patientsSearchSchema } from '../components/patients/patients-search';
import { usersSearchSchema } from '../components/users/users-search';

describe('a search term in a hand-written URL', () => {
  it.each([
    ['?q=13659344&page=2', '13659344'],
    ['?q=true', 'true'],
    ['?q=%22123%22', '123'],
    ['?q=ann%20smith', 'ann smith'],
  ])('%s searches for %s on every list screen', (url, term) => {
    const search = defaultParseSearch(url);
    expect(patientsSearchSchema.parse(search).q).toBe(term);
    expect(orgsSearchSchema.parse(search).q).toBe(term);
    expect(usersSearchSchema.parse(search).q).toBe(term);
  });

  it('is dropped, alone, when it is no text at all or too long', () => {
    expect(patientsSearchSchema.parse(defaultParseSearch('?q=%7B%22a%22%3A1%7D&page=2'))).toEqual({
      page: 2,
    });
    expect(usersSearchSchema.parse({ q: 'x'.repeat(201) }).q).toBeUndefined();
  });
});
