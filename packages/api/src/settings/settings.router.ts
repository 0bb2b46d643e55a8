import { guardedProcedure, router } from '../trpc';
import { currentSettings } from './settings.service';

export const settingsRouter = router({
  get: guardedProcedure('settings.read').query(({ ctx }) => currentSettings(ctx.config)),
});
