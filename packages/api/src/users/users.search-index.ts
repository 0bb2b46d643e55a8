import { shownStatus, type UserStatus } from '@praxis/db';
import { EXACT_TOTAL_LIMIT, USER_STATUS_VALUES } from '@praxis/validators';
import { grown } from './users.search-arrays';
import { UserIds } from './users.search-ids';
import { type Postings, TrigramPostings } from './users.search-postings';
import { SearchTexts } from './users.search-texts';

/** One user as the search index holds them: what a search with the list's common filters needs. */
export interface IndexedUser {
  /** A uuid, as Postgres writes it. */
  id: string;
  organizationId: string | null;
  archived: boolean;
  /** `user_search.search_text`: already lower-cased by Postgres. */
  text: string;
  /** `created_at` in microseconds since 1970 (the list's default order). */
  createdAt: number;
  roles: readonly string[];
  status: UserStatus;
  /** `suspended_until` in microseconds since 1970, or null. */
  suspendedUntil: number | null;
  /** `last_activity` in microseconds since 1970, or null (never active: the oldest). */
  lastActivity: number | null;
}

/**
 * Which users a count covers: archived or not, in which organisations (null: all), and with the
 * list's roles (any of) and status (any of, as of `now`, in ms) filters when given.
 */
export interface IndexedScope {
  archived: boolean;
  organizationIds: readonly string[] | null;
  roles?: readonly string[] | undefined;
  statuses?: readonly UserStatus[] | undefined;
  now?: number;
}

/** The orders the index keeps: by creation, or by last activity (then id, as Postgres orders them). */
export type IndexedSort = 'createdAt' | 'lastActivity';

/** A window of the list in one of those orders, within the first MAX_PAGE_END matches. */
export interface IndexedWindow {
  offset: number;
  limit: number;
  descending: boolean;
  sortBy?: IndexedSort;
}

/** Pages that end further in are read by Postgres (keeping that many matches in order costs more). */
export const MAX_PAGE_END = 1_000;

/**
 * A term's candidates are read from its rarest trigram's users. Past this many, when each must
 * be checked against its text (terms longer than three), the answer would hold the event loop
 * for about 10 ms at 1M users (~250 ns a candidate, mostly cache misses) and is left to Postgres;
 * a three-character term's candidates are its matches (~10–30 ns each), up to MAX_UNCHECKED: at
 * 1M users "son" has ~111,000 (p50 0.9 ms in a warm loop, filtered by roles and status 1.1 ms),
 * where Postgres took a p50 of 6.5 ms and a p99 of 29 ms with those filters.
 */
export const MAX_CHECKED = 40_000;
export const MAX_UNCHECKED = 200_000;

/**
 * Half of a surrogate pair alone. pg sends a term as UTF-8, where it becomes U+FFFD, a character
 * the UTF-16 trigrams and the texts' UTF-8 bytes do not follow: such a term is Postgres's.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const NO_ORGANIZATION = -1;
/** Candidates whose texts and sort keys are read ahead together (16–128 measured alike). */
const FETCH_AHEAD = 64;
/** What `fetchAhead` last read, summed: its reads must have a use. */
const fetched = { sum: 0 };
const STATUS_CODES: readonly UserStatus[] = USER_STATUS_VALUES;
// A slot's state, status and roles in one 32-bit word (`flags`): a filtered search reads one array
// per candidate instead of three, and no function per candidate for most statuses (at 1M users,
// "son" with a role and a status by last activity: ~2.9 → ~1.1 ms in a warm loop).
/** Bits 0-1: 0 unarchived, 1 archived, FREE an empty slot. */
const STATE_MASK = 0b11;
const FREE = 2;
/** Bits 2-7: the status's place in STATUS_CODES. */
const STATUS_SHIFT = 2;
const STATUS_MASK = 0b111111;
/** Bits 8-31: a bit per role, numbered as roles come (ROLE_BITS at most). */
const ROLE_SHIFT = 8;
export const ROLE_BITS = 24;
/** Per status code, whether it shows one of the statuses asked for; DEPENDS_ON_END: ask the rule. */
const NO = 0;
const YES = 1;
const DEPENDS_ON_END = 2;

export type SearchIndexParts = ReturnType<SearchIndex['parts']>;

/**
 * Substring counts over the users' search text, in memory: each trigram (three UTF-16 code units
 * in a row, spaces and punctuation included) maps to the slots of the users whose text holds it.
 * A term of three units is exactly one trigram, so its count is its users' count; a longer
 * term's candidates are its rarest trigram's users, each checked against its text. Matches are
 * those of Postgres's `search_text LIKE '%term%'` for a term lowered the same way.
 */
export class SearchIndex {
  private readonly ids = new UserIds();
  private readonly texts = new SearchTexts();
  /** Slots taken so far (the free ones among them are in `freeSlots`). */
  private slotCount = 0;
  private createdAt = new Float64Array(1024);
  /** -Infinity for never: the oldest in both directions, as the list sorts it. */
  private lastActivity = new Float64Array(1024);
  /** NaN for none. */
  private suspendedUntil = new Float64Array(1024);
  private organizations = new Int32Array(1024);
  /** State, status and roles (see STATE_MASK, STATUS_SHIFT, ROLE_SHIFT). */
  private flags = new Int32Array(1024);
  private readonly freeSlots: number[] = [];
  private readonly organizationNumbers = new Map<string, number>();
  private readonly roleBits = new Map<string, number>();
  /** More distinct roles than bits: role filters are left to Postgres. */
  private rolesOverflowed = false;
  private readonly postings: TrigramPostings;

  /** An index as `parts()` gave it: one another process built (users.search-handover.ts). */
  constructor(parts?: SearchIndexParts) {
    this.postings = new TrigramPostings(parts?.postings);
    if (!parts) return;
    this.ids = new UserIds(parts.ids);
    this.texts = new SearchTexts(parts.texts);
    this.slotCount = parts.slotCount;
    this.createdAt = parts.createdAt;
    this.lastActivity = parts.lastActivity;
    this.suspendedUntil = parts.suspendedUntil;
    this.organizations = parts.organizations;
    this.flags = parts.flags;
    this.freeSlots = [...parts.freeSlots];
    this.organizationNumbers = new Map(parts.organizationNumbers);
    this.roleBits = new Map(parts.roleBits);
    this.rolesOverflowed = parts.rolesOverflowed;
  }

  get size(): number {
    return this.ids.size;
  }

  /**
   * Everything the index holds, as typed arrays and plain values: for another process of the
   * server to take instead of building its own. The arrays are the index's own, not copies.
   */
  parts() {
    return {
      ids: this.ids.parts(),
      texts: this.texts.parts(),
      postings: this.postings.parts(),
      slotCount: this.slotCount,
      createdAt: this.createdAt,
      lastActivity: this.lastActivity,
      suspendedUntil: this.suspendedUntil,
      organizations: this.organizations,
      flags: this.flags,
      freeSlots: this.freeSlots,
      organizationNumbers: [...this.organizationNumbers],
      roleBits: [...this.roleBits],
      rolesOverflowed: this.rolesOverflowed,
    };
  }

  /** Adds the user, or brings their entry up to date. */
  upsert(user: IndexedUser): void {
    const slot = this.ids.slotOf(user.id);
    if (slot === undefined) {
      this.place(this.takeSlot(), user);
      return;
    }
    const text = this.texts.get(slot);
    if (text !== user.text) {
      this.unpost(slot, text);
      this.post(slot, user.text);
      this.texts.set(slot, user.text);
    }
    this.setFields(slot, user);
  }

  remove(id: string): void {
    const slot = this.ids.slotOf(id);
    if (slot === undefined) return;
    this.unpost(slot, this.texts.get(slot));
    this.texts.set(slot, '');
    this.flags[slot] = FREE;
    this.ids.remove(slot);
    this.freeSlots.push(slot);
  }

  /** Whether `match` answers `term` (as the index is now): it holds a trigram, and few enough candidates. */
  answerable(term: string): boolean {
    return this.candidatesOf(term) !== undefined;
  }

  /** The users of the term's rarest trigram; null when none holds one of its trigrams; undefined: too many. */
  private candidatesOf(term: string): Postings | null | undefined {
    if (term.length < 3 || LONE_SURROGATE.test(term)) return undefined;
    let rarest: Postings | undefined;
    for (let i = 0; i + 3 <= term.length; i++) {
      const users = this.postings.get(term, i);
      if (!users?.length) return null;
      if (!rarest || users.length < rarest.length) rarest = users;
    }
    return rarest && rarest.length <= (term.length > 3 ? MAX_CHECKED : MAX_UNCHECKED) ? rarest : undefined;
  }

  /** Gives back the room lists grew into while the index was built (about a third of it). */
  compact(): void {
    this.postings.trim();
    this.texts.trim();
  }

  /**
   * How many users in `scope` have `term` (lower-cased) in their text, and with `window` the ids
   * of that window of them in the list's order by creation (then id, as Postgres orders them);
   * undefined when the term is not `answerable`. The total is exact up to EXACT_TOTAL_LIMIT; past
   * it, a term whose candidates' texts are checked is estimated (see `estimated`), its window
   * still exact.
   */
  match(
    term: string,
    scope: IndexedScope,
    window?: IndexedWindow,
  ): { total: number; ids?: string[] } | undefined {
    const rarest = this.candidatesOf(term);
    if (rarest === undefined) return undefined;
    const none = { total: 0, ...(window && { ids: [] }) };
    if (rarest === null) return none;
    const organizations = scope.organizationIds && this.organizationsOf(scope.organizationIds);
    if (organizations?.size === 0) return none;
    let roles = 0;
    if (scope.roles?.length) {
      if (this.rolesOverflowed) return undefined;
      for (const role of scope.roles) roles |= this.roleBits.get(role) ?? 0;
      if (roles === 0) return none;
    }
    const statusTest = scope.statuses?.length
      ? this.statusTest(scope.statuses, scope.now ?? Date.now())
      : null;
    const flags = this.flags;
    const state = scope.archived ? 1 : 0;
    const termBytes = term.length > 3 ? SearchTexts.termOf(term) : null;
    const texts = this.texts;
    const { slots, length } = rarest;
    const sortBy = window?.sortBy ?? 'createdAt';
    const sortKeys = window ? this.sortKeys(sortBy) : null;
    const first =
      window &&
      sortKeys &&
      new FirstInOrder(window.offset + window.limit, sortKeys, this.ids, window.descending);
    let count = 0;
    // Texts checked to count, and candidates left uncounted once the count passed the limit.
    let checked = 0;
    let uncounted = 0;
    let counting = true;
    // The build takes slots in the order the table's heap holds its rows, about the order users
    // were created in, and other keys may rise or fall along it too: the candidates are gone
    // through from the end whose keys come first in the window, so that those fill its heap and
    // the rest are turned away at its bar (taken from the other end, each would enter the heap).
    const backwards = sortKeys !== null && window?.descending === risesAlong(slots, length, sortKeys);
    for (let block = 0; block < length; block += FETCH_AHEAD) {
      const from = backwards ? Math.max(0, length - block - FETCH_AHEAD) : block;
      const to = backwards ? length - block : Math.min(length, block + FETCH_AHEAD);
      if (termBytes && counting) this.fetchAhead(slots, from, to, sortKeys);
      for (let i = from; i < to; i++) {
        const slot = slots[backwards ? from + to - 1 - i : i] as number;
        const slotFlags = flags[slot] as number;
        if ((slotFlags & STATE_MASK) !== state) continue;
        if (roles && !(slotFlags & roles)) continue;
        if (organizations && !organizations.has(this.organizations[slot] as number)) continue;
        if (statusTest) {
          const code = (slotFlags >> STATUS_SHIFT) & STATUS_MASK;
          const answer = statusTest.answers[code] as number;
          if (answer !== YES && !(answer === DEPENDS_ON_END && statusTest.withEnd(slot, code))) continue;
        }
        if (!counting) {
          // Past the limit only a candidate that could enter the window has its text checked.
          uncounted++;
          if (first?.mayEnter(slot) && (!termBytes || texts.holds(slot, termBytes))) first.offer(slot);
          continue;
        }
        if (termBytes) {
          checked++;
          if (!texts.holds(slot, termBytes)) continue;
        }
        count++;
        first?.offer(slot);
        if (termBytes && count > EXACT_TOTAL_LIMIT) counting = false;
      }
    }
    const total = counting ? count : estimated(count, checked, uncounted);
    if (!window || !first) return { total };
    const ids = first
      .sorted()
      .slice(window.offset)
      .map((slot) => this.ids.idOf(slot));
    return { total, ids };
  }

  /**
   * Reads, for the candidates `slots[from..to)` of a term whose candidates' texts are checked,
   * where each text lies and its first byte, each one's flags and each sort key, in a loop of
   * independent reads: the processor then fetches them from memory side by side, where the checks
   * that follow (each read depending on the one before) would wait for them one at a time. The
   * candidates' texts and keys are rarely in cache (1M users' texts are ~60 MB). Over the 40
   * rotating terms at 100k users, with the caches flushed between searches: ~450 → ~290 µs a search.
   */
  private fetchAhead(slots: Int32Array, from: number, to: number, sortKeys: Float64Array | null): void {
    const texts = this.texts;
    const flags = this.flags;
    let read = 0;
    for (let i = from; i < to; i++) {
      const slot = slots[i] as number;
      read += texts.readAhead(slot) + (flags[slot] as number);
      if (sortKeys) read += sortKeys[slot] as number;
    }
    // Stored, so that the compiler cannot drop the reads as unused.
    fetched.sum = read;
  }

  private sortKeys(sortBy: IndexedSort): Float64Array {
    return sortBy === 'lastActivity' ? this.lastActivity : this.createdAt;
  }

  private place(slot: number, user: IndexedUser): void {
    this.ids.add(user.id, slot);
    this.texts.set(slot, user.text);
    this.setFields(slot, user);
    this.post(slot, user.text);
  }

  private setFields(slot: number, user: IndexedUser): void {
    this.createdAt[slot] = user.createdAt;
    this.lastActivity[slot] = user.lastActivity ?? Number.NEGATIVE_INFINITY;
    this.suspendedUntil[slot] = user.suspendedUntil ?? Number.NaN;
    this.organizations[slot] = this.organizationNumber(user.organizationId);
    const roles = this.roleMask(user.roles);
    if (roles === undefined) this.rolesOverflowed = true;
    this.flags[slot] =
      (user.archived ? 1 : 0) |
      ((STATUS_CODES.indexOf(user.status) & STATUS_MASK) << STATUS_SHIFT) |
      (roles ?? 0);
  }

  private takeSlot(): number {
    const reused = this.freeSlots.pop();
    if (reused !== undefined) return reused;
    const slot = this.slotCount++;
    if (slot >= this.flags.length) {
      this.flags = grown(this.flags, Int32Array);
      this.organizations = grown(this.organizations, Int32Array);
      this.createdAt = grown(this.createdAt, Float64Array);
      this.lastActivity = grown(this.lastActivity, Float64Array);
      this.suspendedUntil = grown(this.suspendedUntil, Float64Array);
    }
    return slot;
  }

  private post(slot: number, text: string): void {
    for (let i = 0; i + 3 <= text.length; i++) {
      const users = this.postings.take(text, i);
      // A trigram the text holds twice finds the slot just added.
      if (users.last !== slot) users.add(slot);
    }
  }

  private unpost(slot: number, text: string): void {
    const lists = new Set<Postings>();
    for (let i = 0; i + 3 <= text.length; i++) {
      const users = this.postings.get(text, i);
      if (users) lists.add(users);
    }
    for (const users of lists) users.delete(slot);
  }

  private organizationNumber(id: string | null): number {
    if (id === null) return NO_ORGANIZATION;
    let number = this.organizationNumbers.get(id);
    if (number === undefined) {
      number = this.organizationNumbers.size;
      this.organizationNumbers.set(id, number);
    }
    return number;
  }

  /** The bits of `roles`, numbering roles as they come; undefined past ROLE_BITS distinct roles. */
  private roleMask(roles: readonly string[]): number | undefined {
    let mask = 0;
    for (const role of roles) {
      let bit = this.roleBits.get(role);
      if (bit === undefined) {
        if (this.roleBits.size >= ROLE_BITS) return undefined;
        bit = 1 << (ROLE_SHIFT + this.roleBits.size);
        this.roleBits.set(role, bit);
      }
      mask |= bit;
    }
    return mask;
  }

  /**
   * Whether a slot's user shows one of `statuses` as of `now` (ms), by the rule of user-rules.ts:
   * per status code YES, NO or DEPENDS_ON_END, and for the latter the rule asked with the slot's end.
   */
  private statusTest(statuses: readonly UserStatus[], now: number) {
    // One row and one Date, reused: the rule is asked per candidate without allocating.
    const until = new Date(0);
    const row = {
      status: 'active' as UserStatus,
      suspendedUntil: null as Date | null,
      archivedAt: null,
      effectiveDate: null,
    };
    const at = new Date(now);
    const shows = (status: UserStatus, end: Date | null) => {
      row.status = status;
      row.suspendedUntil = end;
      return statuses.includes(shownStatus(row, at));
    };
    // The rule asked once per status with no end, an end long past and one far ahead: where all
    // three agree, the status's answer does not hang on the end, and the table gives it without
    // asking again per candidate (most statuses; the rule only reads an end to see if it passed).
    const answers = Int8Array.from(STATUS_CODES, (status) => {
      const asked = [null, new Date(-8.64e15), new Date(8.64e15)].map((end) => shows(status, end));
      return asked.every((answer) => answer === asked[0]) ? (asked[0] ? YES : NO) : DEPENDS_ON_END;
    });
    const withEnd = (slot: number, code: number) => {
      const end = this.suspendedUntil[slot] as number;
      if (Number.isNaN(end)) return shows(STATUS_CODES[code] as UserStatus, null);
      // Postgres compares the end's microseconds with a time in ms: rounding up keeps its answer.
      until.setTime(Math.ceil(end / 1000));
      return shows(STATUS_CODES[code] as UserStatus, until);
    };
    return { answers, withEnd };
  }

  private organizationsOf(ids: readonly string[]): Set<number> {
    const numbers = new Set<number>();
    for (const id of ids) {
      const number = this.organizationNumbers.get(id);
      if (number !== undefined) numbers.add(number);
    }
    return numbers;
  }
}

/**
 * A total past EXACT_TOTAL_LIMIT, where `count` of the `checked` candidates' texts held the term
 * and `uncounted` candidates (that passed every other check) were left: those are taken to hold it
 * in the same share. At 1M users, the rotating terms with ~21,000-30,000 matches ("john",
 * "will", "thom") check a third to a half of their candidates' texts.
 */
function estimated(count: number, checked: number, uncounted: number): number {
  return count + Math.round((uncounted * count) / checked);
}

/** Whether the keys of a list's last candidates are higher than those of its first (eight at each end). */
function risesAlong(slots: Int32Array, length: number, keys: Float64Array): boolean {
  const ends = Math.min(8, length >> 1);
  let first = 0;
  let last = 0;
  for (let i = 0; i < ends; i++) {
    first += keys[slots[i] as number] as number;
    last += keys[slots[length - 1 - i] as number] as number;
  }
  return last > first;
}

/**
 * The first `size` slots offered in the list's order by `keys` (then id, as Postgres orders them),
 * newest first when `descending`: a heap whose top is the last of them, so each offer costs
 * log(size) at most. Most offers cannot enter (a page of 21 out of thousands of matches): they are
 * turned away by one comparison with the top's key (`bar`), before any id is compared.
 */
class FirstInOrder {
  private readonly heap: number[] = [];
  /** The key a slot must reach to enter: the top's once the heap is full, until then any. */
  private bar: number;

  constructor(
    private readonly size: number,
    private readonly keys: Float64Array,
    private readonly ids: UserIds,
    private readonly descending: boolean,
  ) {
    this.bar = descending ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }

  /** Whether `slot` may enter: its key reaches the bar (one level with it is settled by `offer`). */
  mayEnter(slot: number): boolean {
    const key = this.keys[slot] as number;
    return this.descending ? key >= this.bar : key <= this.bar;
  }

  offer(slot: number): void {
    const key = this.keys[slot] as number;
    if (this.descending ? key < this.bar : key > this.bar) return;
    const heap = this.heap;
    if (heap.length < this.size) {
      heap.push(slot);
      this.up(heap.length - 1);
    } else if (this.size > 0 && this.before(slot, heap[0] as number)) {
      heap[0] = slot;
      this.down(0);
    } else return;
    if (heap.length === this.size) this.bar = this.keys[heap[0] as number] as number;
  }

  sorted(): number[] {
    return [...this.heap].sort((a, b) => (this.before(a, b) ? -1 : this.before(b, a) ? 1 : 0));
  }

  /** Whether slot a comes before slot b in the list. */
  private before(a: number, b: number): boolean {
    const x = this.keys[a] as number;
    const y = this.keys[b] as number;
    if (x !== y) return this.descending ? x > y : x < y;
    const order = this.ids.compare(a, b);
    return this.descending ? order > 0 : order < 0;
  }

  // The heap keeps the slot that comes last at its top.
  private up(at: number): void {
    const heap = this.heap;
    let i = at;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(heap[parent] as number, heap[i] as number)) return;
      [heap[parent], heap[i]] = [heap[i] as number, heap[parent] as number];
      i = parent;
    }
  }

  private down(at: number): void {
    const heap = this.heap;
    let i = at;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let last = i;
      if (left < heap.length && this.before(heap[last] as number, heap[left] as number)) last = left;
      if (right < heap.length && this.before(heap[last] as number, heap[right] as number)) last = right;
      if (last === i) return;
      [heap[last], heap[i]] = [heap[i] as number, heap[last] as number];
      i = last;
    }
  }
}
