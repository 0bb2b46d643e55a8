import { z } from 'zod';
import { idSchema } from './common';
import { cursorSchema, instantSchema, pageSchema, pageSizeSchema, plainText } from './lists';

export const listAuditInput = z
  .object({
    page: pageSchema.optional(),
    pageSize: pageSizeSchema,
    cursor: cursorSchema.optional(),
    actorId: idSchema.optional(),
    targetId: idSchema.optional(),
    /** Exact action name, e.g. `users.archive`; `users.*` matches every action of the area. */
    action: plainText(100, 'Action').optional(),
    from: instantSchema.optional(),
    to: instantSchema.optional(),
  })
  .strict()
  .refine((value) => value.page === undefined || value.cursor === undefined, {
    error: 'Pass either page or cursor, not both',
    path: ['cursor'],
  })
  .prefault({});
