import { z } from 'zod';

/** dashboard.activity: how many UTC days the daily series covers, ending today. */
export const dashboardActivityInput = z
  .object({
    days: z
      .number({ error: 'Days must be a number' })
      .int('Days must be a whole number')
      .min(7, 'Days is at least 7')
      .max(90, 'Days is at most 90')
      .default(30),
  })
  .strict()
  .prefault({});
