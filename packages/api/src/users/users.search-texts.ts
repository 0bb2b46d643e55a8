import { grown } from './users.search-arrays';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

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
    if (this.used + text.length * 3 > this.bytes.length) this.rewrite(text.length * 3);
    const { written } = encoder.encodeInto(text, this.bytes.subarray(this.used));
    this.starts[slot] = this.used;
    this.lengths[slot] = written;
    this.used += written;
  }

  /** Whether the text of `slot` holds `term`, given as its UTF-8 bytes (`SearchTexts.termOf`). */
  holds(slot: number, term: Uint8Array): boolean {
    const bytes = this.bytes;
    const size = term.length;
    const start = this.starts[slot] as number;
    const last = start + (this.lengths[slot] as number) - size;
    const first = term[0];
    outer: for (let at = start; at <= last; at++) {
      if (bytes[at] !== first) continue;
      for (let i = 1; i < size; i++) if (bytes[at + i] !== term[i]) continue outer;
      return true;
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

  static termOf(term: string): Uint8Array {
    return encoder.encode(term);
  }

  private growSlots(atLeast: number): void {
    while (this.starts.length < atLeast) {
      this.starts = grown(this.starts, Uint32Array);
      this.lengths = grown(this.lengths, Uint32Array);
    }
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
