import { describe, expect, it } from 'vitest';
import { auditFilterErrors, auditSearchSchema, cleanAuditSearch, toAuditInput } from './audit-search';

const id = '5b0c8c3e-8f1e-4c55-9b7a-2d7c1f7f0a11';
const empty = { actor: '', action: '', target: '', from: '', to: '' };

describe('audit log URL search', () => {
  it('drops only the broken field of a hand-edited link', () => {
    expect(
      auditSearchSchema.parse({ actor: 'nope', action: 'auth.*', from: '2026-13-40', to: '2026-02-01' }),
    ).toEqual({
      action: 'auth.*',
      to: '2026-02-01',
    });
    expect(auditSearchSchema.parse({ action: 'auth.* OR 1=1' })).toEqual({});
  });

  it('maps the URL to audit.list input and keeps empty values out of the URL', () => {
    expect(cleanAuditSearch({ actor: id, action: ' ', target: undefined })).toEqual({ actor: id });
    expect(
      toAuditInput({ actor: id, action: 'users.*', target: id, from: '2026-01-01', to: '2026-01-31' }),
    ).toEqual({
      pageSize: 50,
      actorId: id,
      action: 'users.*',
      targetId: id,
      from: '2026-01-01',
      to: '2026-01-31',
    });
  });

  it('explains bad filter values before they reach the URL', () => {
    expect(auditFilterErrors({ ...empty, actor: id, action: 'auth.*' })).toEqual({});
    expect(
      auditFilterErrors({
        ...empty,
        actor: 'x',
        target: 'y',
        action: 'a b',
        from: '2026-02-01',
        to: '2026-01-01',
      }),
    ).toEqual({
      actor: 'Not a valid id',
      target: 'Not a valid id',
      action: 'Use an action like users.archive or an area like auth.*',
      to: 'Must be on or after the start date',
    });
  });
});
