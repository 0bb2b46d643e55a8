import { dashboardActivityInput } from '@praxis/validators';
import { guardedProcedure, router } from '../trpc';
import { activity, summary } from './dashboard.service';

export const dashboardRouter = router({
  summary: guardedProcedure('dashboard.read').query(({ ctx }) => summary(ctx)),
  activity: guardedProcedure('dashboard.read')
    .input(dashboardActivityInput)
    .query(({ ctx, input }) => activity(ctx, input)),
});
