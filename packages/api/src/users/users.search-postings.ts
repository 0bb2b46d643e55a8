import { grown } from './users.search-arrays';

export type TrigramPostingsParts = ReturnType<TrigramPostings['parts']>;

/**
 * Each trigram's users (three UTF-16 units in a row): trigrams of ASCII units, nearly all of those
 * in names and emails, found by their codes in a table; others by their text in a Map. Building
 * the index of 1M users looks up ~60M trigrams: a read of the table each, where a Map hashed a
 * key each. A trigram's list stays when its last user goes (the Map's lists are taken out).
 */
export class TrigramPostings {
  /** Per ASCII trigram (7 bits a unit), the place of its list in `lists` + 1; 0: none yet. */
  private readonly places: Int32Array;
  private readonly lists: Postings[] = [];
  private readonly others = new Map<string, Postings>();

  /** Lists as `parts()` gave them (from an index another process built). */
  constructor(parts?: TrigramPostingsParts) {
    this.places = parts?.places ?? new Int32Array(1 << 21);
    if (!parts) return;
    for (const list of parts.lists) this.lists.push(new Postings(undefined, list));
    for (const [gram, list] of parts.others) {
      this.others.set(gram, new Postings(() => this.others.delete(gram), list));
    }
  }

  /** What a handed-over index's file holds of the lists (users.search-handover.ts). */
  parts() {
    return {
      places: this.places,
      lists: this.lists.map((users) => users.parts()),
      others: [...this.others].map(([gram, users]) => [gram, users.parts()] as [string, PostingsParts]),
    };
  }

  /** The users of the trigram of `text` at `i`, if it was ever posted. */
  get(text: string, i: number): Postings | undefined {
    const code = asciiCode(text, i);
    if (code < 0) return this.others.get(text.slice(i, i + 3));
    const place = this.places[code] as number;
    return place === 0 ? undefined : this.lists[place - 1];
  }

  /** The users of the trigram of `text` at `i`, a new list when it was never posted. */
  take(text: string, i: number): Postings {
    const code = asciiCode(text, i);
    if (code < 0) {
      const gram = text.slice(i, i + 3);
      let users = this.others.get(gram);
      if (!users) {
        users = new Postings(() => this.others.delete(gram));
        this.others.set(gram, users);
      }
      return users;
    }
    const place = this.places[code] as number;
    if (place !== 0) return this.lists[place - 1] as Postings;
    const users = new Postings();
    this.lists.push(users);
    this.places[code] = this.lists.length;
    return users;
  }

  /** Gives back the room lists grew into while the index was built (about a third of it). */
  trim(): void {
    for (const users of this.lists) users.trim();
    for (const users of this.others.values()) users.trim();
  }
}

/** The code of the trigram of `text` at `i` when its units are ASCII, else -1. */
function asciiCode(text: string, i: number): number {
  const a = text.charCodeAt(i);
  const b = text.charCodeAt(i + 1);
  const c = text.charCodeAt(i + 2);
  return (a | b | c) < 128 ? (a << 14) | (b << 7) | c : -1;
}

type PostingsParts = ReturnType<Postings['parts']>;

/** The slots holding one trigram, unordered (a removal moves the last one into the gap). */
export class Postings {
  slots = new Int32Array(4);
  length = 0;
  /**
   * The last slot of the list (-1: none), kept beside its length: reading it from the slots cost
   * a cache miss a trigram while building (~2 s of 8 at 1M users).
   */
  last = -1;

  /** `emptied` is told when the last slot goes; `parts` are a list's as `parts()` gave them. */
  constructor(
    private readonly emptied?: () => void,
    parts?: PostingsParts,
  ) {
    if (!parts) return;
    // Never empty: `grown` doubles the length.
    this.slots = parts.slots.length > 0 ? parts.slots : new Int32Array(4);
    this.length = parts.length;
    this.last = parts.length ? (parts.slots[parts.length - 1] as number) : -1;
  }

  parts() {
    return { slots: this.slots, length: this.length };
  }

  add(slot: number): void {
    if (this.length === this.slots.length) this.slots = grown(this.slots, Int32Array);
    this.slots[this.length++] = slot;
    this.last = slot;
  }

  trim(): void {
    if (this.slots.length > this.length + 4) this.slots = this.slots.slice(0, this.length + 4);
  }

  delete(slot: number): void {
    const at = this.slots.subarray(0, this.length).lastIndexOf(slot);
    if (at < 0) return;
    this.length--;
    this.slots[at] = this.slots[this.length] as number;
    this.last = this.length ? (this.slots[this.length - 1] as number) : -1;
    if (this.length === 0) this.emptied?.();
  }
}
