import { z } from 'zod';

/**
 * The search term of a list's URL (`?q=`). The router reads each value as JSON where it can, so
 * a link typed or shared by hand as `?q=2024` or `?q=true` arrives as a number or a boolean: it
 * is taken back as the text typed (links the app writes itself quote such terms). Anything else
 * invalid resets the term rather than failing the page.
 */
export const urlSearchTerm = z
  .union([z.string(), z.number(), z.boolean()])
  .transform(String)
  .pipe(z.string().max(200))
  .optional()
  .catch(undefined);
