import type { ListPage } from '@praxis/validators';
import { wire, writeWire } from '../json-transformer';
import type { User } from './users.mapper';

// The keys `toUser` and a list page write: a page or user with any other number of keys (a
// field added to one and not here) goes the generic way. users.wire.test.ts holds the text to
// the generic path's for every field and value kind.
const PAGE_KEYS = 7;
const USER_KEYS = 43;

/**
 * A page of users (users.list and the lists built on it) as its wire text, written from the User
 * shape's template; undefined when anything in it is not as `toUser` builds it (see `writeWire`).
 */
export function writeUserPage(data: unknown): string | undefined {
  const page = data as ListPage<User>;
  if (typeof page !== 'object' || page === null || !Array.isArray(page.items)) return undefined;
  if (Object.keys(page).length !== PAGE_KEYS) return undefined;
  const first = page.items[0];
  if (first !== undefined && Object.keys(first).length !== USER_KEYS) return undefined;
  return writeWire((dates) => {
    let items = '';
    for (let i = 0; i < page.items.length; i++) {
      if (i > 0) items += ',';
      items += writeUser(page.items[i] as User, i, dates);
    }
    return `{"items":[${items}],"page":${wire.number(page.page)},"pageSize":${wire.number(page.pageSize)},"total":${wire.number(page.total)},"totalPages":${wire.number(page.totalPages)},"totalExact":${wire.boolean(page.totalExact)},"nextCursor":${wire.stringOrNull(page.nextCursor)}}`;
  });
}

// The meta entries of the Dates of a page's users, by place and key: the same few hundred strings
// on every page, written once (building and checking each again was a twentieth of a page's garbage).
const MEMO_PLACES = 1000;
const dateMetas: Partial<Record<keyof User, string>>[] = [];
function dateMetaOf(place: number, key: keyof User): string {
  if (place >= MEMO_PLACES) return wire.dateMeta(`items.${place}`, key);
  let metas = dateMetas[place];
  if (!metas) {
    metas = {};
    dateMetas[place] = metas;
  }
  let meta = metas[key];
  if (meta === undefined) {
    meta = wire.dateMeta(`items.${place}`, key);
    metas[key] = meta;
  }
  return meta;
}

function writeUser(user: User, place: number, dates: string[]): string {
  const u = user as Record<keyof User, unknown>;
  const date = (key: keyof User) =>
    u[key] === null ? 'null' : wire.dateOrNull(u[key], dateMetaOf(place, key), dates);
  const organization = u.organization as { id: unknown; name: unknown } | null;
  return `{"id":${wire.string(u.id)},"email":${wire.string(u.email)},"username":${wire.stringOrNull(u.username)},"firstName":${wire.string(u.firstName)},"lastName":${wire.string(u.lastName)},"title":${wire.stringOrNull(u.title)},"phoneNumber":${wire.stringOrNull(u.phoneNumber)},"dateOfBirth":${wire.stringOrNull(u.dateOfBirth)},"gender":${wire.stringOrNull(u.gender)},"timezone":${wire.stringOrNull(u.timezone)},"imageUrl":${wire.stringOrNull(u.imageUrl)},"roles":${wire.strings(u.roles)},"status":${wire.string(u.status)},"isActive":${wire.boolean(u.isActive)},"archivedAt":${date('archivedAt')},"approvedAt":${date('approvedAt')},"suspendedUntil":${date('suspendedUntil')},"clinical":${wire.boolean(u.clinical)},"npi":${wire.stringOrNull(u.npi)},"tin":${wire.stringOrNull(u.tin)},"company":${wire.stringOrNull(u.company)},"companyUrl":${wire.stringOrNull(u.companyUrl)},"registryId":${wire.stringOrNull(u.registryId)},"registryName":${wire.stringOrNull(u.registryName)},"providerSignature":${wire.boolean(u.providerSignature)},"providerSignatureUrl":${wire.stringOrNull(u.providerSignatureUrl)},"primaryPracticeAddress":${wire.stringOrNull(u.primaryPracticeAddress)},"physicianOnlyResults":${wire.boolean(u.physicianOnlyResults)},"email2faEnabled":${wire.boolean(u.email2faEnabled)},"firstTimeLogin":${wire.boolean(u.firstTimeLogin)},"organizationId":${wire.stringOrNull(u.organizationId)},"organization":${organization === null ? 'null' : `{"id":${wire.string(organization.id)},"name":${wire.string(organization.name)}}`},"locations":${wire.strings(u.locations)},"providerIds":${wire.strings(u.providerIds)},"isOnline":${wire.booleanOrNull(u.isOnline)},"lastActivity":${date('lastActivity')},"lastLoginAt":${date('lastLoginAt')},"emailConfirmedAt":${date('emailConfirmedAt')},"licenseAcceptedAt":${date('licenseAcceptedAt')},"effectiveDate":${wire.stringOrNull(u.effectiveDate)},"createdAt":${date('createdAt')},"updatedAt":${date('updatedAt')},"patients":${Array.isArray(u.patients) && u.patients.length === 0 ? '[]' : wire.any(u.patients, `items.${place}.patients`, dates)}}`;
}
