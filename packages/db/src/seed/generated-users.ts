import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema';
import { GENERATED_EMAIL_DOMAIN } from './demo-accounts';
import { FIRST_NAMES, LAST_NAMES, RARE_EVERY, RARE_FIRST_NAME, TIMEZONES } from './names';
import { demoNpis } from './npis';

const NPIS = demoNpis(997);
const YEARS_BACK = 3;

/**
 * Inserts generated users number `from`..`to` in one set-based statement (INSERT … SELECT over
 * generate_series). Every attribute derives from hashes of the number, so a dataset is the same
 * on every run and can be extended later. Mix: ~40% parents, 20% staff, 20% providers (half also
 * supervisors on some), billing, client admins, a few support and admins; ~80% active, 6%
 * pending, 6% disabled, 8% suspended (some lapsed), 5% archived.
 */
export async function insertGeneratedUsers(
  db: Kysely<Database>,
  from: number,
  to: number,
  organizationIds: readonly string[],
) {
  await sql`
    insert into users (
      email, username, first_name, last_name, roles, status, archived_at, approved_at, suspended_until,
      suspension_reason, clinical, npi, title, phone_number, timezone, organization_id, first_time_login,
      last_activity, last_login_at, created_at, updated_at
    )
    select
      lower(n.first_name || '.' || n.last_name || '.' || g || '@' || ${GENERATED_EMAIL_DOMAIN}),
      case when h.h1 % 2 = 0 then lower(n.first_name || '_' || n.last_name || g) end,
      n.first_name, n.last_name, r.roles, s.status,
      case when h.h4 % 100 < 5 then t.created_at + (now() - t.created_at) * 0.9 end,
      case when s.status <> 'pending' then t.created_at end,
      case when s.status = 'suspended' and h.h3 % 100 >= 98 then now() + ((h.h1 % 30) + 1) * interval '1 day'
           when s.status = 'suspended' and h.h3 % 100 >= 96 then now() - ((h.h1 % 30) + 1) * interval '1 day' end,
      case when s.status = 'suspended' then 'Pending compliance review' end,
      r.roles && array['provider', 'supervisor']::text[] or h.h4 % 10 = 0,
      case when r.roles @> array['provider']::text[] then (${sql.val(NPIS)}::text[])[1 + g % ${NPIS.length}] end,
      case when r.roles @> array['provider']::text[] then (array['MD', 'NP', 'PA', 'BCBA', 'SLP', 'OT'])[1 + h.h2 % 6] end,
      '+1-555-' || lpad((g % 10000)::text, 4, '0'),
      (${sql.val(TIMEZONES)}::text[])[1 + h.h3 % ${TIMEZONES.length}],
      case when r.roles && array['admin', 'support']::text[] then null
           else (${sql.val(organizationIds)}::uuid[])[1 + g % ${organizationIds.length}] end,
      h.h2 % 20 = 0,
      case when h.h2 % 10 < 7 then greatest(t.created_at, now() - (h.h3 % (90 * 86400)) * interval '1 second') end,
      case when h.h4 % 10 < 8 then greatest(t.created_at, now() - (h.h1 % (120 * 86400)) * interval '1 second') end,
      t.created_at,
      t.created_at
    from generate_series(${from}::int, ${to}::int) as g
    cross join lateral (
      select abs(hashint4(g)::bigint) as h1, abs(hashint4(g + 7919)::bigint) as h2,
             abs(hashint4(g + 104729)::bigint) as h3, abs(hashint4(g + 1299709)::bigint) as h4
    ) as h
    cross join lateral (
      select
        case when g % ${RARE_EVERY} = 0 then ${RARE_FIRST_NAME}
             else (${sql.val(FIRST_NAMES)}::text[])[1 + h.h1 % ${FIRST_NAMES.length}] end as first_name,
        (${sql.val(LAST_NAMES)}::text[])[1 + h.h2 % ${LAST_NAMES.length}] as last_name
    ) as n
    cross join lateral (
      select case
        when h.h2 % 1000 < 400 then array['parent']
        when h.h2 % 1000 < 600 then array['staff']
        when h.h2 % 1000 < 750 then array['provider']
        when h.h2 % 1000 < 800 then array['provider', 'supervisor']
        when h.h2 % 1000 < 850 then array['billing']
        when h.h2 % 1000 < 900 then array['supervisor']
        when h.h2 % 1000 < 960 then array['staff', 'billing']
        when h.h2 % 1000 < 995 then array['client_admin']
        when h.h2 % 1000 < 999 then array['support']
        else array['admin']
      end::text[] as roles
    ) as r
    cross join lateral (
      select case
        when h.h3 % 100 < 80 then 'active'
        when h.h3 % 100 < 86 then 'pending'
        when h.h3 % 100 < 92 then 'inactive'
        else 'suspended'
      end as status
    ) as s
    cross join lateral (
      select now() - (h.h1 % (${YEARS_BACK} * 365 * 86400)) * interval '1 second' as created_at
    ) as t
  `.execute(db);
}
