import { listAuditInput } from '@praxis/validators';
import { guardedProcedure, router } from '../trpc';
import { listAudit } from './audit.service';

export const auditRouter = router({
  list: guardedProcedure('audit.read')
    .input(listAuditInput)
    .query(({ ctx, input }) => listAudit(ctx, input)),
});
