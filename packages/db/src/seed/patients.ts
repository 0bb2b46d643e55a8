import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema';
import { FIRST_NAMES } from './names';

/**
 * Demo patients: every parent of a clinic who has none yet gets 1–3 patients (siblings sharing
 * the parent's last name, born 2008–2023, one in twenty inactive) in the parent's organisation,
 * linked to them. One set-based statement; attributes derive from hashes of the parent's id, so
 * a second run adds patients only for parents that have none.
 */
export async function ensureDemoPatients(db: Kysely<Database>): Promise<number> {
  const result = await sql<{ linked: number }>`
    with parents as (
      select u.id, u.organization_id, u.last_name, abs(hashtext(u.id::text)::bigint) as h
      from users u
      where u.roles @> array['parent']::text[]
        and u.organization_id is not null
        and u.archived_at is null
        and not exists (select 1 from patient_parents pp where pp.user_id = u.id)
    ),
    wanted as (
      select gen_random_uuid() as patient_id, p.id as user_id, p.organization_id, p.last_name,
             abs(hashint4(((p.h + k * 7919) % 2147483647)::int)::bigint) as h
      from parents p
      cross join lateral generate_series(1, 1 + (p.h % 3)::int) as k
    ),
    created as (
      insert into patients (id, organization_id, first_name, last_name, date_of_birth, active)
      select patient_id, organization_id,
             (${sql.val(FIRST_NAMES)}::text[])[1 + h % ${FIRST_NAMES.length}],
             last_name,
             date '2008-01-01' + (h % 5840)::int,
             h % 20 <> 0
      from wanted
      returning id
    ),
    linked as (
      insert into patient_parents (patient_id, user_id)
      select w.patient_id, w.user_id from wanted w join created c on c.id = w.patient_id
      returning 1
    )
    select count(*)::int as linked from linked
  `.execute(db);
  // VACUUM sets the visibility map, so the link table is read by index-only scans from the start
  // (and the parents' lists, written by triggers as the links went in, get their statistics).
  await sql`vacuum analyze patients, patient_parents, user_patient_lists`.execute(db);
  return result.rows[0]?.linked ?? 0;
}
