import { ORGANIZATION_STATUS_VALUES } from '@praxis/validators';
import { z } from 'zod';
import { urlSearchTerm } from '../../lib/url-search-term';

// The organisations list's state lives in the URL; each field falls back on its own (`.catch`), so
// a stale link resets that one setting rather than failing.
export const orgsSearchSchema = z.object({
  q: urlSearchTerm,
  status: z.enum(ORGANIZATION_STATUS_VALUES).optional().catch(undefined),
  archived: z.boolean().optional().catch(undefined),
  page: z.number().int().min(1).max(100_000).optional().catch(undefined),
});

/** Organisations per page. */
export const ORGS_PAGE_SIZE = 50;

export type OrgsSearch = z.output<typeof orgsSearchSchema>;

/** The orgs.list input for a URL search (a page of ORGS_PAGE_SIZE, sorted by name by the server). */
export function toOrgsListInput(search: OrgsSearch) {
  const q = search.q?.trim();
  return {
    pageSize: ORGS_PAGE_SIZE,
    page: search.page ?? 1,
    archived: Boolean(search.archived),
    ...(q ? { search: q } : {}),
    ...(search.status ? { status: search.status } : {}),
  };
}
