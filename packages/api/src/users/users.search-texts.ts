import { grown } from './users.search-arrays';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A term as `holds` looks for it: its UTF-8 bytes, and how far each byte lets the search skip. */
export interface SearchTerm {
  pattern: Uint8Array;
  skip: Uint8Array;
}

export type SearchTextsParts = ReturnType<SearchTexts['parts']>;

/**
 * The search index's texts, one per slot, as UTF-8 in one growing byte array: a million users'
 * texts are one object for the garbage collector instead of a million strings (a full collection
 * of a process holding the index of 1M users: 76–119 ms before, 49–87 ms with it), and a term is
 * checked against a candidate's text where its bytes lie. UTF-8 is self-synchronising, so a term
 * is in a text exactly when its bytes are in the text's bytes. A replaced or removed text leaves
 * its bytes behind until the array is full; it is then rewritten with the live texts only.
 */
export class SearchTexts {
  private bytes = new Uint8Array(1 << 16);
  private used = 0;
  private garbage = 0;
  private starts = new Uint32Array(1024);
  private lengths = new Uint32Array(1024);

  /** Texts as `parts()` gave them (from an index another process built). */
  constructor(parts?: SearchTextsParts) {
    if (!parts) return;
    this.bytes = parts.bytes;
    this.used = parts.used;
    this.garbage = parts.garbage;
    this.starts = parts.starts;
    this.lengths = parts.lengths;
  }

  /** What a handed-over index's file holds of the texts (users.search-handover.ts). */
  parts() {
    const { bytes, used, garbage, starts, lengths } = this;
    return { bytes, used, garbage, starts, lengths };
  }

  /** The text of `slot` ('' for a slot never set). */
  get(slot: number): string {
    if (slot >= this.starts.length) return '';
    const start = this.starts[slot] as number;
    return decoder.decode(this.bytes.subarray(start, start + (this.lengths[slot] as number)));
  }

  set(slot: number, text: string): void {
    if (slot >= this.starts.length) this.growSlots(slot + 1);
    this.garbage += this.lengths[slot] as number;
    this.lengths[slot] = 0;
    // A UTF-16 unit takes at most 3 UTF-8 bytes.
    if (this.used + text.length * 3 > this.bytes.length) this.makeRoom(text.length * 3);
    const { written } = encoder.encodeInto(text, this.bytes.subarray(this.used));
    this.starts[slot] = this.used;
    this.lengths[slot] = written;
    this.used += written;
  }

  /**
   * Whether the text of `slot` holds `term` (`SearchTexts.termOf`). Horspool's search: the byte
   * under the window's last place says how far the window can move on, so a four-byte term in a
   * text of names and an email looks at about one byte in three. Over the rotating terms of four
   * letters at 100k users, in a warm loop: 10–20% less time a term than a byte-by-byte scan (the
   * rest is reading each candidate's text and keys from memory).
   */
  holds(slot: number, term: SearchTerm): boolean {
    const bytes = this.bytes;
    const { pattern, skip } = term;
    const last = pattern.length - 1;
    const lastByte = pattern[last];
    const start = this.starts[slot] as number;
    const end = start + (this.lengths[slot] as number);
    for (let at = start + last; at < end; ) {
      const byte = bytes[at] as number;
      if (byte === lastByte) {
        const from = at - last;
        let i = last - 1;
        while (i >= 0 && bytes[from + i] === pattern[i]) i--;
        if (i < 0) return true;
      }
      at += skip[byte] as number;
    }
    return false;
  }

  /**
   * What `holds` reads first for `slot` (its text's place, length and first byte), summed: for
   * `SearchIndex.fetchAhead`.
   */
  readAhead(slot: number): number {
    return (this.bytes[this.starts[slot] as number] ?? 0) + (this.lengths[slot] as number);
  }

  static termOf(term: string): SearchTerm {
    const pattern = encoder.encode(term);
    const last = pattern.length - 1;
    // How far the window moves when a byte lies under its last place: to that byte's last place
    // in the term before its end (a smaller move stays correct: long terms are capped at 255).
    const skip = new Uint8Array(256).fill(Math.min(pattern.length, 255));
    for (let i = 0; i < last; i++) skip[pattern[i] as number] = Math.min(last - i, 255);
    return { pattern, skip };
  }

  private growSlots(atLeast: number): void {
    while (this.starts.length < atLeast) {
      this.starts = grown(this.starts, Uint32Array);
      this.lengths = grown(this.lengths, Uint32Array);
    }
  }

  /**
   * Room for `more` bytes: the live texts rewritten when replaced ones take a quarter of the
   * array, else the array doubled as it is (a build adds a million texts: rewriting them all at
   * each growth of a quarter cost ~1.2 s of it at 1M users).
   */
  private makeRoom(more: number): void {
    if (this.garbage * 4 >= this.bytes.length) this.rewrite(more);
    else while (this.used + more > this.bytes.length) this.bytes = grown(this.bytes, Uint8Array);
  }

  /** Gives back the room the bytes grew into, keeping a quarter more than the live texts. */
  trim(): void {
    if (this.bytes.length > (this.used - this.garbage) * 1.5) this.rewrite(0);
  }

  /** The live texts copied, in slot order, into an array with a quarter more room than they and `more` bytes need. */
  private rewrite(more: number): void {
    const live = this.used - this.garbage;
    const bytes = new Uint8Array(Math.ceil((live + more) * 1.25) + 4096);
    let used = 0;
    for (let slot = 0; slot < this.starts.length; slot++) {
      const length = this.lengths[slot] as number;
      if (length === 0) continue;
      const start = this.starts[slot] as number;
      bytes.set(this.bytes.subarray(start, start + length), used);
      this.starts[slot] = used;
      used += length;
    }
    this.bytes = bytes;
    this.used = used;
    this.garbage = 0;
  }
}
