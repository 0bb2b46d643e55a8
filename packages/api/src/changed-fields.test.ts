import { describe, expect, it } from 'vitest';
import { changedFields } from './changed-fields';

describe('changedFields', () => {
  const at = (iso: string) => new Date(iso);

  it('compares dates by instant, not by object', () => {
    const current = { archivedAt: at('2026-01-01T00:00:00Z') };
    expect(changedFields(current, { archivedAt: at('2026-01-01T00:00:00Z') })).toEqual([]);
    expect(changedFields(current, { archivedAt: at('2026-01-01T00:00:01Z') })).toEqual(['archivedAt']);
    expect(changedFields(current, { archivedAt: null })).toEqual(['archivedAt']);
    expect(changedFields({ archivedAt: null }, { archivedAt: at('2026-01-01T00:00:00Z') })).toEqual([
      'archivedAt',
    ]);
    // A date and its ISO text are different values (a column holds one or the other).
    expect(changedFields(current, { archivedAt: '2026-01-01T00:00:00.000Z' })).toEqual(['archivedAt']);
  });

  it('compares arrays and JSON objects by content, in order', () => {
    const current = { roles: ['staff', 'admin'], address: { city: 'Oslo', zip: '0150' } };
    expect(
      changedFields(current, { roles: ['staff', 'admin'], address: { city: 'Oslo', zip: '0150' } }),
    ).toEqual([]);
    expect(changedFields(current, { roles: ['admin', 'staff'] })).toEqual(['roles']);
    expect(changedFields(current, { roles: ['staff'] })).toEqual(['roles']);
    expect(changedFields(current, { address: { city: 'Bergen', zip: '0150' } })).toEqual(['address']);
    expect(changedFields({ roles: [] }, { roles: [] })).toEqual([]);
  });

  it('treats null as a value and undefined as "not written"', () => {
    expect(changedFields({ title: null }, { title: null })).toEqual([]);
    expect(changedFields({ title: 'Dr' }, { title: null })).toEqual(['title']);
    expect(changedFields({ title: null }, { title: 'Dr' })).toEqual(['title']);
    expect(changedFields({ title: 'Dr' }, { title: undefined })).toEqual([]);
    expect(changedFields({ title: null }, { title: undefined })).toEqual([]);
    expect(changedFields({ title: null }, { title: '' })).toEqual(['title']);
  });

  it('compares scalars strictly and ignores updatedAt', () => {
    const current = { name: 'Clinic', count: 1, flag: false, updatedAt: at('2026-01-01T00:00:00Z') };
    expect(changedFields(current, { name: 'Clinic', count: 1, flag: false })).toEqual([]);
    expect(changedFields(current, { name: 'clinic', count: 2, flag: true })).toEqual([
      'name',
      'count',
      'flag',
    ]);
    expect(changedFields(current, { count: '1' })).toEqual(['count']);
    expect(changedFields(current, { updatedAt: at('2027-01-01T00:00:00Z') })).toEqual([]);
  });

  it('names a key the row lacks when the patch gives it a value', () => {
    expect(changedFields({}, { npi: '1234567893' })).toEqual(['npi']);
    expect(changedFields({}, { npi: null })).toEqual(['npi']);
  });
});
