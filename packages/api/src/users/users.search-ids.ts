import { grown } from './users.search-arrays';

const DASH = 0x2d;
/** Each ASCII unit's value as a lower-case hex digit, -1 for the others. */
const HEX_VALUES = Int8Array.from({ length: 128 }, (_, unit) =>
  '0123456789abcdef'.indexOf(String.fromCharCode(unit)),
);
const WORDS = 4;
/** Where the table is grown: at most half full, so a lookup probes about two places. */
const MAX_LOAD = 0.5;
const ID_LENGTH = 36;
/** The two ASCII codes of each byte's lower-case hex digits. */
const HEX_CODES = Uint8Array.from({ length: 512 }, (_, at) =>
  (at >> 1)
    .toString(16)
    .padStart(2, '0')
    .charCodeAt(at & 1),
);
/** Where each of a uuid's 16 bytes is written in its text (dashes after bytes 4, 6, 8 and 10). */
const TEXT_PLACES = Uint8Array.from(
  { length: 16 },
  (_, byte) =>
    2 * byte + (byte >= 4 ? 1 : 0) + (byte >= 6 ? 1 : 0) + (byte >= 8 ? 1 : 0) + (byte >= 10 ? 1 : 0),
);
/** The text of the id `idOf` writes (its dashes written once). */
const ID_TEXT = Buffer.alloc(ID_LENGTH, DASH);

export type UserIdsParts = ReturnType<UserIds['parts']>;

/**
 * The search index's users' ids, one per slot, and the slot of each id: each uuid as four 32-bit
 * words in one typed array, found through an open-addressing table of slots (linear probing). A
 * million ids kept as strings in an array and a Map were most of V8's heap, which every full
 * collection marks: with the index of 1M users, 108 MB of heap and 108–147 ms a forced full
 * collection before, 17 MB and 17–34 ms with the ids kept here.
 */
export class UserIds {
  private words = new Uint32Array(WORDS * 1024);
  /** Slot + 1 per place; 0: an empty place. */
  private table = new Int32Array(2048);
  private count = 0;
  /** The words of the id looked up last, `askedId` ('' while they are not an id's). */
  private readonly asked = new Uint32Array(WORDS);
  private askedId = '';

  /** Ids as `parts()` gave them (from an index another process built). */
  constructor(parts?: UserIdsParts) {
    if (!parts) return;
    this.words = parts.words;
    this.table = parts.table;
    this.count = parts.count;
  }

  get size(): number {
    return this.count;
  }

  /** What a handed-over index's file holds of the ids (users.search-handover.ts). */
  parts() {
    return { words: this.words, table: this.table, count: this.count };
  }

  /** The slot holding `id`, if any. */
  slotOf(id: string): number | undefined {
    if (!this.ask(id)) return undefined;
    const asked = this.asked;
    const mask = this.table.length - 1;
    for (let at = hash(asked, 0) & mask; ; at = (at + 1) & mask) {
      const entry = this.table[at] as number;
      if (entry === 0) return undefined;
      if (this.holds(entry - 1, asked)) return entry - 1;
    }
  }

  /** Puts `id` at `slot`, a slot that holds no id. */
  add(id: string, slot: number): void {
    if (!this.ask(id)) throw new Error(`The users search index holds uuids; "${id}" is not one.`);
    while (WORDS * (slot + 1) > this.words.length) this.words = grown(this.words, Uint32Array);
    this.words.set(this.asked, WORDS * slot);
    if (this.count + 1 > this.table.length * MAX_LOAD) this.rehash(this.table.length * 2);
    this.place(slot);
    this.count++;
  }

  /** Takes the id of `slot` out (its words stay until the slot is used again). */
  remove(slot: number): void {
    const table = this.table;
    const mask = table.length - 1;
    let at = hash(this.words, WORDS * slot) & mask;
    while (table[at] !== slot + 1) {
      if (table[at] === 0) return;
      at = (at + 1) & mask;
    }
    this.count--;
    // Backward shift: each entry after the gap that would no longer be found moves into it.
    for (let gap = at, next = (at + 1) & mask; ; next = (next + 1) & mask) {
      const entry = table[next] as number;
      if (entry === 0) {
        table[gap] = 0;
        return;
      }
      const home = hash(this.words, WORDS * (entry - 1)) & mask;
      const stays = gap <= next ? gap < home && home <= next : gap < home || home <= next;
      if (stays) continue;
      table[gap] = entry;
      gap = next;
    }
  }

  /** The id of `slot`, as Postgres writes it. */
  idOf(slot: number): string {
    // Written byte by byte into one buffer and read out as one string: pieces of strings joined
    // made a dozen strings per id (a twentieth of a search page's garbage).
    for (let w = 0; w < WORDS; w++) {
      const word = this.words[WORDS * slot + w] as number;
      for (let b = 0; b < 4; b++) {
        const byte = (word >>> (24 - 8 * b)) & 255;
        const at = TEXT_PLACES[4 * w + b] as number;
        ID_TEXT[at] = HEX_CODES[2 * byte] as number;
        ID_TEXT[at + 1] = HEX_CODES[2 * byte + 1] as number;
      }
    }
    return ID_TEXT.toString('latin1', 0, ID_LENGTH);
  }

  /** Negative, zero or positive as the id of slot `a` sorts before, with or after that of `b` (Postgres's uuid order). */
  compare(a: number, b: number): number {
    const words = this.words;
    for (let w = 0; w < WORDS; w++) {
      const x = words[WORDS * a + w] as number;
      const y = words[WORDS * b + w] as number;
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  }

  /**
   * Puts the words of `id` in `asked`, unless they are there already (an upsert looks an id up,
   * then adds it); false when `id` is not a uuid.
   */
  private ask(id: string): boolean {
    if (id === this.askedId) return true;
    this.askedId = '';
    if (!wordsOf(id, this.asked)) return false;
    this.askedId = id;
    return true;
  }

  private holds(slot: number, asked: Uint32Array): boolean {
    const words = this.words;
    const at = WORDS * slot;
    return (
      words[at] === asked[0] &&
      words[at + 1] === asked[1] &&
      words[at + 2] === asked[2] &&
      words[at + 3] === asked[3]
    );
  }

  private place(slot: number): void {
    const table = this.table;
    const mask = table.length - 1;
    let at = hash(this.words, WORDS * slot) & mask;
    while (table[at] !== 0) at = (at + 1) & mask;
    table[at] = slot + 1;
  }

  private rehash(length: number): void {
    const old = this.table;
    this.table = new Int32Array(length);
    for (const entry of old) if (entry !== 0) this.place(entry - 1);
  }
}

/**
 * Writes the four words of `id` into `into`: false when `id` is not a uuid as Postgres writes it
 * (lower-case hex digits, dashes at 8, 13, 18 and 23). Read unit by unit: slicing and parsing
 * made eight strings an id, a million times in a build.
 */
function wordsOf(id: string, into: Uint32Array): boolean {
  if (id.length !== 36) return false;
  let word = 0;
  let digits = 0;
  let w = 0;
  for (let i = 0; i < 36; i++) {
    const unit = id.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (unit !== DASH) return false;
      continue;
    }
    const value = unit < 128 ? (HEX_VALUES[unit] as number) : -1;
    if (value < 0) return false;
    word = word * 16 + value;
    if (++digits === 8) {
      into[w++] = word;
      word = 0;
      digits = 0;
    }
  }
  return true;
}

/** A table place for the uuid whose words start at `at` (all four mixed: version 7 uuids start with the time). */
function hash(words: Uint32Array, at: number): number {
  let h = Math.imul((words[at] as number) ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (words[at + 1] as number) ^ (h >>> 15), 0xc2b2ae35);
  h = Math.imul(h ^ (words[at + 2] as number) ^ (h >>> 13), 0x85ebca6b);
  h = Math.imul(h ^ (words[at + 3] as number) ^ (h >>> 16), 0xc2b2ae35);
  return (h ^ (h >>> 15)) >>> 0;
}
