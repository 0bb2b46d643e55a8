import { guardedProcedure, router } from '../trpc';
import { summary } from './dashboard.service';

export const dashboardRouter = router({
  summary: guardedProcedure('dashboard.read').query(({ ctx }) => summary(ctx)),
});
