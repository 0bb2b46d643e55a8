import { createUserInput, updateUserInput } from '@praxis/validators';
import { guardedProcedure, router } from '../trpc';
import * as users from './users.service';

export const usersRouter = router({
  create: guardedProcedure('users.write')
    .input(createUserInput)
    .mutation(({ ctx, input }) => users.createUser(ctx, input)),
  update: guardedProcedure('users.write')
    .input(updateUserInput)
    .mutation(({ ctx, input }) => users.updateUser(ctx, input)),
});
