import { z } from 'zod';

// The audit log's filters live in the URL (bookmark, share, Back). Each field falls back on its
// own (`.catch`): a hand-edited link shows the log with that one filter dropped, never an error page.

const isoDate = z.iso.date();
/** An exact action (`users.archive`) or a whole area (`auth.*`), as audit.list takes it. */
export const actionFilter = z
  .string()
  .trim()
  .max(100)
  .regex(/^[a-z0-9_]+(\.([a-z0-9_]+|\*))*$/i, 'Use an action like users.archive or an area like auth.*');

export const auditSearchSchema = z.object({
  actor: z.uuid().optional().catch(undefined),
  action: actionFilter.optional().catch(undefined),
  target: z.uuid().optional().catch(undefined),
  /** On or after / on or before (YYYY-MM-DD, inclusive). */
  from: isoDate.optional().catch(undefined),
  to: isoDate.optional().catch(undefined),
});

export type AuditSearch = z.output<typeof auditSearchSchema>;

/** The search without empty values: what goes into the URL. */
export function cleanAuditSearch(search: AuditSearch): AuditSearch {
  const out: AuditSearch = {};
  for (const key of ['actor', 'action', 'target', 'from', 'to'] as const) {
    const value = search[key]?.trim();
    if (value) out[key] = value;
  }
  return out;
}

export const AUDIT_PAGE_SIZE = 50;

/** The audit.list input for a URL search (the cursor is added page by page). */
export function toAuditInput(search: AuditSearch) {
  return {
    pageSize: AUDIT_PAGE_SIZE,
    ...(search.actor ? { actorId: search.actor } : {}),
    ...(search.action ? { action: search.action } : {}),
    ...(search.target ? { targetId: search.target } : {}),
    ...(search.from ? { from: search.from } : {}),
    ...(search.to ? { to: search.to } : {}),
  };
}

/** Field errors of a filter form's values (the same rules the URL schema applies). */
export function auditFilterErrors(values: Record<keyof AuditSearch, string>) {
  const errors: Partial<Record<keyof AuditSearch, string>> = {};
  const uuid = z.uuid();
  if (values.actor.trim() && !uuid.safeParse(values.actor.trim()).success) errors.actor = 'Not a valid id';
  if (values.target.trim() && !uuid.safeParse(values.target.trim()).success) errors.target = 'Not a valid id';
  const action = values.action.trim() && actionFilter.safeParse(values.action);
  if (action && !action.success) errors.action = action.error.issues[0]?.message ?? 'Not a valid action';
  if (values.from && values.to && values.from > values.to) errors.to = 'Must be on or after the start date';
  return errors;
}

/** The CSV export of the events the URL's filters select (all of them, not the pages loaded). */
export function auditExportHref(search: AuditSearch): string {
  const { pageSize: _pageSize, ...filters } = toAuditInput(search);
  return `/exports/audit.csv?input=${encodeURIComponent(JSON.stringify(filters))}`;
}
