import type { Migration } from 'kysely/migration';
import * as m0001 from './2026_11_23_0001_create_core';

/** Every migration, by name; names sort by date. Add new ones here. */
export const migrations: Record<string, Migration> = {
  '2026_11_23_0001_create_core': m0001,
};
