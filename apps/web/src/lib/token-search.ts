import { z } from 'zod';

/** The `token` query parameter of a mailed link (API.md "Transport"); anything else is dropped. */
export const tokenSearch = z.object({ token: z.string().optional().catch(undefined) });
