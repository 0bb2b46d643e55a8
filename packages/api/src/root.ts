import { authRouter } from './auth/auth.router';
import { router } from './trpc';
import { usersRouter } from './users/users.router';

export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
});

export type AppRouter = typeof appRouter;
