import { getProfileInput, upsertProfileInput } from '@praxis/validators';
import { authedProcedure, router } from '../trpc';
import * as profiles from './profiles.service';

// Everyone signed in may reach their own profile; the service checks rights over anyone else's.
export const profilesRouter = router({
  upsert: authedProcedure
    .input(upsertProfileInput)
    .mutation(({ ctx, input }) => profiles.upsertProfile(ctx, input)),
  get: authedProcedure
    .input(getProfileInput)
    .query(({ ctx, input }) => profiles.getProfile(ctx, input.userId)),
});
