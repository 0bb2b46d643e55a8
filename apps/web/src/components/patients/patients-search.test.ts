import { describe, expect, it } from 'vitest';
import { cleanPatientsSearch, patientsSearchSchema, toPatientsListInput } from './patients-search';

const org = '0b0e6b8e-7c53-4d1e-9d0a-2f6f7f3a1c11';

describe('patients search', () => {
  it('turns the URL into the list input', () => {
    const search = patientsSearchSchema.parse({
      q: ' ann ',
      status: 'inactive',
      archived: true,
      org,
      page: 3,
    });
    expect(toPatientsListInput(search)).toEqual({
      pageSize: 25,
      page: 3,
      archived: true,
      search: 'ann',
      active: false,
      organizationId: org,
    });
    expect(toPatientsListInput({})).toEqual({ pageSize: 25, page: 1, archived: false });
  });

  it('drops a bad value alone and keeps the rest', () => {
    expect(patientsSearchSchema.parse({ q: 'ann', status: 'gone', org: 'nope', page: 0 })).toEqual({
      q: 'ann',
    });
  });

  it('leaves defaults out of the URL', () => {
    expect(cleanPatientsSearch({ q: '  ', archived: false, page: 1, status: 'active' })).toEqual({
      status: 'active',
    });
  });
});
