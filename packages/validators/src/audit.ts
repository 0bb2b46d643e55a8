import { z } from 'zod';
import { idSchema } from './common';
import { cursorSchema, instantSchema, pageSchema, pageSizeSchema, plainText } from './lists';

/** What selects audit.list's events (everything but paging). */
const auditQueryFields = {
  actorId: idSchema.optional(),
  targetId: idSchema.optional(),
  /** Exact action name, e.g. `users.archive`; `users.*` matches every action of the area. */
  action: plainText(100, 'Action').optional(),
  from: instantSchema.optional(),
  to: instantSchema.optional(),
};

export const listAuditInput = z
  .object({
    page: pageSchema.optional(),
    pageSize: pageSizeSchema,
    cursor: cursorSchema.optional(),
    ...auditQueryFields,
  })
  .strict()
  .refine((value) => value.page === undefined || value.cursor === undefined, {
    error: 'Pass either page or cursor, not both',
    path: ['cursor'],
  })
  .prefault({});

/** The CSV export of the audit log: audit.list's filters, every matching event. */
export const exportAuditInput = z.object(auditQueryFields).strict().prefault({});
export type ExportAuditInput = z.output<typeof exportAuditInput>;
