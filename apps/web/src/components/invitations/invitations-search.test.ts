import { describe, expect, it } from 'vitest';
import {
  cleanInvitationsSearch,
  invitationsSearchSchema,
  toInvitationsListInput,
} from './invitations-search';

const ORG = '3f0c5f0e-6a2b-4b8e-9a55-2f6f3b2d9c11';

describe('the invitations URL search', () => {
  it('keeps valid filters and drops a stale one on its own', () => {
    expect(invitationsSearchSchema.parse({ status: 'pending', org: ORG, page: 2 })).toEqual({
      status: 'pending',
      org: ORG,
      page: 2,
    });
    expect(invitationsSearchSchema.parse({ status: 'lost', org: ORG })).toEqual({
      status: undefined,
      org: ORG,
      page: undefined,
    });
    expect(invitationsSearchSchema.parse({ org: 'not-an-id', page: 0 })).toEqual({
      status: undefined,
      org: undefined,
      page: undefined,
    });
  });

  it('leaves defaults out of the URL', () => {
    expect(cleanInvitationsSearch({ page: 1 })).toEqual({});
    expect(cleanInvitationsSearch({ status: 'revoked', page: 3 })).toEqual({ status: 'revoked', page: 3 });
  });

  it('maps to the invitations.list input', () => {
    expect(toInvitationsListInput({})).toEqual({ page: 1, pageSize: 20 });
    expect(toInvitationsListInput({ status: 'expired', org: ORG, page: 4 })).toEqual({
      page: 4,
      pageSize: 20,
      status: 'expired',
      organizationId: ORG,
    });
  });
});
