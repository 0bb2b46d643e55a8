import { z } from 'zod';
import { urlSearchTerm } from '../../lib/url-search-term';

// The patients list's state lives in the URL; each field falls back on its own (`.catch`), so a
// stale link resets that one setting rather than failing.
export const patientsSearchSchema = z.object({
  q: urlSearchTerm,
  status: z.enum(['active', 'inactive']).optional().catch(undefined),
  archived: z.boolean().optional().catch(undefined),
  /** An organisation id (viewers who read every organisation's patients). */
  org: z.uuid().optional().catch(undefined),
  page: z.number().int().min(1).max(100_000).optional().catch(undefined),
});

export type PatientsSearch = z.output<typeof patientsSearchSchema>;

/** Patients per page. */
export const PATIENTS_PAGE_SIZE = 25;

/** The search without empty or default values (what the URL shows). */
export function cleanPatientsSearch(search: PatientsSearch): PatientsSearch {
  const q = search.q?.trim();
  return {
    ...(q ? { q } : {}),
    ...(search.status ? { status: search.status } : {}),
    ...(search.archived ? { archived: true } : {}),
    ...(search.org ? { org: search.org } : {}),
    ...(search.page && search.page > 1 ? { page: search.page } : {}),
  };
}

/** The patients.list input for a URL search (sorted by name by the server). */
export function toPatientsListInput(search: PatientsSearch) {
  const q = search.q?.trim();
  return {
    pageSize: PATIENTS_PAGE_SIZE,
    page: search.page ?? 1,
    archived: Boolean(search.archived),
    ...(q ? { search: q } : {}),
    ...(search.status ? { active: search.status === 'active' } : {}),
    ...(search.org ? { organizationId: search.org } : {}),
  };
}
