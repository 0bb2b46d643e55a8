import type { Migration } from 'kysely/migration';
import * as m0001 from './2026_11_23_0001_create_core';
import * as m0002 from './2026_11_23_0002_user_roles_check';
import * as m0100 from './2026_11_23_0100_user_list_indexes';
import * as m0200 from './2026_11_23_0200_organization_therapist_and_search';
import * as m0201 from './2026_11_23_0201_create_practice_profiles';
import * as m0202 from './2026_11_23_0202_create_invitations';
import * as m0203 from './2026_11_23_0203_create_groups';
import * as m0300 from './2026_11_23_0300_user_search_roles_index';
import * as m1130_0100 from './2026_11_30_0100_scrub_audit_personal_data';
import * as m1130_0200 from './2026_11_30_0200_user_confirmed_license_effective';
import * as m1130_0400 from './2026_11_30_0400_create_patients';
import * as m1201_0100 from './2026_12_01_0100_create_two_factor';
import * as m1201_0200 from './2026_12_01_0200_organization_require_two_factor';
import * as m1201_0300 from './2026_12_01_0300_create_email_confirmation_tokens';
import * as m1201_0410 from './2026_12_01_0410_impersonation_and_known_devices';
import * as m1201_0500 from './2026_12_01_0500_user_search_projection';
import * as m1201_0501 from './2026_12_01_0501_user_search_created_text_index';
import * as m1201_0600 from './2026_12_01_0600_user_search_changes';
import * as m1201_0700 from './2026_12_01_0700_user_patient_lists';
import * as m1201_0800 from './2026_12_01_0800_user_list_changes';

/** Every migration, by name; names sort by date. Add new ones here. */
export const migrations: Record<string, Migration> = {
  '2026_11_23_0001_create_core': m0001,
  '2026_11_23_0002_user_roles_check': m0002,
  '2026_11_23_0100_user_list_indexes': m0100,
  '2026_11_23_0200_organization_therapist_and_search': m0200,
  '2026_11_23_0201_create_practice_profiles': m0201,
  '2026_11_23_0202_create_invitations': m0202,
  '2026_11_23_0203_create_groups': m0203,
  '2026_11_23_0300_user_search_roles_index': m0300,
  '2026_11_30_0100_scrub_audit_personal_data': m1130_0100,
  '2026_11_30_0200_user_confirmed_license_effective': m1130_0200,
  '2026_11_30_0400_create_patients': m1130_0400,
  '2026_12_01_0100_create_two_factor': m1201_0100,
  '2026_12_01_0200_organization_require_two_factor': m1201_0200,
  '2026_12_01_0300_create_email_confirmation_tokens': m1201_0300,
  '2026_12_01_0410_impersonation_and_known_devices': m1201_0410,
  '2026_12_01_0500_user_search_projection': m1201_0500,
  '2026_12_01_0501_user_search_created_text_index': m1201_0501,
  '2026_12_01_0600_user_search_changes': m1201_0600,
  '2026_12_01_0700_user_patient_lists': m1201_0700,
  '2026_12_01_0800_user_list_changes': m1201_0800,
};
