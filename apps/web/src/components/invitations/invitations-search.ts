import { INVITATION_STATUS_VALUES } from '@praxis/validators';
import { z } from 'zod';

export const INVITATIONS_PAGE_SIZE = 20;

// The invitations list's state lives in the URL; each field falls back on its own (`.catch`), so
// a stale link resets that one setting rather than failing.
export const invitationsSearchSchema = z.object({
  status: z.enum(INVITATION_STATUS_VALUES).optional().catch(undefined),
  org: z.uuid().optional().catch(undefined),
  page: z.number().int().min(1).max(10_000).optional().catch(undefined),
});

export type InvitationsSearch = z.output<typeof invitationsSearchSchema>;

/** The URL search without defaults: page 1 and "any" are left out. */
export function cleanInvitationsSearch(search: InvitationsSearch): InvitationsSearch {
  return {
    ...(search.status ? { status: search.status } : {}),
    ...(search.org ? { org: search.org } : {}),
    ...(search.page && search.page > 1 ? { page: search.page } : {}),
  };
}

/** The invitations.list input for a URL search (newest first, by the server). */
export function toInvitationsListInput(search: InvitationsSearch) {
  return {
    page: search.page ?? 1,
    pageSize: INVITATIONS_PAGE_SIZE,
    ...(search.status ? { status: search.status } : {}),
    ...(search.org ? { organizationId: search.org } : {}),
  };
}
