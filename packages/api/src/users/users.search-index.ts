/** One user as the search index holds them: what a whole-list or organisation-scoped search needs. */
export interface IndexedUser {
  id: string;
  organizationId: string | null;
  archived: boolean;
  /** `user_search.search_text`: already lower-cased by Postgres. */
  text: string;
}

/** Which users a count covers: archived or not, and in which organisations (null: all). */
export interface IndexedScope {
  archived: boolean;
  organizationIds: readonly string[] | null;
}

/**
 * A term's candidates are read from its rarest trigram's users; past this many the count costs
 * more than a millisecond or two of the event loop and is left to Postgres.
 */
export const MAX_CANDIDATES = 60_000;

const NO_ORGANIZATION = -1;
const FREE = 2;

/**
 * Substring counts over the users' search text, in memory: each trigram (three UTF-16 code units
 * in a row, spaces and punctuation included) maps to the slots of the users whose text holds it.
 * A term of three units is exactly one trigram, so its count is its users' count; a longer
 * term's candidates are its rarest trigram's users, each checked against its text. Matches are
 * those of Postgres's `search_text LIKE '%term%'` for a term lowered the same way.
 */
export class SearchIndex {
  private readonly slots = new Map<string, number>();
  private texts: string[] = [];
  private organizations = new Int32Array(1024);
  /** 0 unarchived, 1 archived, FREE an empty slot. */
  private states = new Uint8Array(1024);
  private readonly freeSlots: number[] = [];
  private readonly organizationNumbers = new Map<string, number>();
  private readonly postings = new Map<string, Postings>();

  get size(): number {
    return this.slots.size;
  }

  /** Adds the user, or brings their entry up to date. */
  upsert(user: IndexedUser): void {
    const slot = this.slots.get(user.id);
    if (slot === undefined) {
      this.place(this.takeSlot(), user);
      return;
    }
    const text = this.texts[slot] ?? '';
    if (text !== user.text) {
      this.unpost(slot, text);
      this.post(slot, user.text);
      this.texts[slot] = user.text;
    }
    this.organizations[slot] = this.organizationNumber(user.organizationId);
    this.states[slot] = user.archived ? 1 : 0;
  }

  remove(id: string): void {
    const slot = this.slots.get(id);
    if (slot === undefined) return;
    this.unpost(slot, this.texts[slot] ?? '');
    this.texts[slot] = '';
    this.states[slot] = FREE;
    this.slots.delete(id);
    this.freeSlots.push(slot);
  }

  /** Gives back the room lists grew into while the index was built (about a third of it). */
  compact(): void {
    for (const users of this.postings.values()) users.trim();
  }

  /**
   * How many users in `scope` have `term` (lower-cased) in their text; undefined when the term
   * has no trigram or its rarest trigram has more than MAX_CANDIDATES users.
   */
  count(term: string, scope: IndexedScope): number | undefined {
    if (term.length < 3) return undefined;
    let rarest: Postings | undefined;
    for (const gram of trigramsOf(term)) {
      const users = this.postings.get(gram);
      if (!users) return 0;
      if (!rarest || users.length < rarest.length) rarest = users;
    }
    if (!rarest || rarest.length > MAX_CANDIDATES) return undefined;
    const organizations = scope.organizationIds && this.organizationsOf(scope.organizationIds);
    if (organizations?.size === 0) return 0;
    const state = scope.archived ? 1 : 0;
    const checkText = term.length > 3;
    const { slots, length } = rarest;
    let count = 0;
    for (let i = 0; i < length; i++) {
      const slot = slots[i] as number;
      if (this.states[slot] !== state) continue;
      if (organizations && !organizations.has(this.organizations[slot] as number)) continue;
      if (checkText && !(this.texts[slot] as string).includes(term)) continue;
      count++;
    }
    return count;
  }

  private place(slot: number, user: IndexedUser): void {
    this.slots.set(user.id, slot);
    this.texts[slot] = user.text;
    this.organizations[slot] = this.organizationNumber(user.organizationId);
    this.states[slot] = user.archived ? 1 : 0;
    this.post(slot, user.text);
  }

  private takeSlot(): number {
    const reused = this.freeSlots.pop();
    if (reused !== undefined) return reused;
    const slot = this.texts.length;
    this.texts.push('');
    if (slot >= this.states.length) {
      this.states = grown(this.states, Uint8Array);
      this.organizations = grown(this.organizations, Int32Array);
    }
    return slot;
  }

  private post(slot: number, text: string): void {
    for (const gram of trigramsOf(text)) {
      let users = this.postings.get(gram);
      if (!users) {
        users = new Postings();
        this.postings.set(gram, users);
      }
      users.add(slot);
    }
  }

  private unpost(slot: number, text: string): void {
    for (const gram of trigramsOf(text)) {
      const users = this.postings.get(gram);
      if (!users) continue;
      users.delete(slot);
      if (users.length === 0) this.postings.delete(gram);
    }
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

  private organizationsOf(ids: readonly string[]): Set<number> {
    const numbers = new Set<number>();
    for (const id of ids) {
      const number = this.organizationNumbers.get(id);
      if (number !== undefined) numbers.add(number);
    }
    return numbers;
  }
}

/** The distinct trigrams of `text`. */
function trigramsOf(text: string): Set<string> {
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= text.length; i++) grams.add(text.slice(i, i + 3));
  return grams;
}

/** The slots holding one trigram, unordered (a removal moves the last one into the gap). */
class Postings {
  slots = new Int32Array(4);
  length = 0;

  add(slot: number): void {
    if (this.length === this.slots.length) this.slots = grown(this.slots, Int32Array);
    this.slots[this.length++] = slot;
  }

  trim(): void {
    if (this.slots.length > this.length + 4) this.slots = this.slots.slice(0, this.length + 4);
  }

  delete(slot: number): void {
    const at = this.slots.subarray(0, this.length).lastIndexOf(slot);
    if (at < 0) return;
    this.length--;
    this.slots[at] = this.slots[this.length] as number;
  }
}

function grown<T extends Int32Array | Uint8Array>(array: T, Type: new (length: number) => T): T {
  const bigger = new Type(array.length * 2);
  bigger.set(array);
  return bigger;
}
