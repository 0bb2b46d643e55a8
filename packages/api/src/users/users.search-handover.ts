import { access, link, open, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Snapshot } from './users.change-feed';
import { SearchIndex, type SearchIndexParts } from './users.search-index';

/**
 * How one process of a server of several takes part in building the search index once: the giver
 * builds it and writes it into `dir`, a folder of the server's primary, one hard link per taker
 * (`index-<taker>`, each taker unlinks its own, so the file goes with the last of them), or writes
 * `none` when it built none; each taker waits for its link and takes the index instead of building
 * one. An index is exact as of the snapshot it carries: a taker reads the changes from there on.
 */
export type IndexHandOver = IndexGiver | IndexTaker;
export type IndexGiver = { dir: string; give: { takers: number } };
export type IndexTaker = { dir: string; take: { taker: number } };

/** Bumped with any change to what `SearchIndex.parts()` holds: a taker refuses another format. */
const FORMAT = 'praxis search index 1';
const MAGIC = 0x49535850; // "PXSI"
const NONE = 'none';
const TYPES = { Int32Array, Uint32Array, Uint8Array, Float64Array };
type ArrayType = keyof typeof TYPES;
type Column = InstanceType<(typeof TYPES)[ArrayType]>;
/** How often a taker looks for its link. */
const LOOK_EVERY_MS = 100;
/** writev takes at most this many buffers a call (IOV_MAX). */
const BUFFERS_PER_WRITE = 1024;

const linkOf = (dir: string, taker: number) => join(dir, `index-${taker}`);
const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );
const align = (offset: number) => Math.ceil(offset / 8) * 8;

/**
 * Writes `index` (exact as of `since`) for the takers: the file is whole before any taker sees a
 * link to it. The index must not change until this resolves (the file is written from its arrays).
 */
export async function giveIndex(
  { dir, give }: IndexGiver,
  index: SearchIndex,
  since: Snapshot,
): Promise<void> {
  const columns: Column[] = [];
  const parts = JSON.stringify(index.parts(), (_key, value: unknown) => {
    if (!ArrayBuffer.isView(value)) return value;
    columns.push(value as Column);
    return { $array: columns.length - 1 };
  });
  const arrays = columns.map((column) => ({ type: column.constructor.name, length: column.length }));
  const header = Buffer.from(
    `{"format":${JSON.stringify(FORMAT)},"since":${JSON.stringify(since)},"arrays":${JSON.stringify(arrays)},"parts":${parts}}`,
  );
  const start = Buffer.alloc(8);
  start.writeUInt32LE(MAGIC, 0);
  start.writeUInt32LE(header.length, 4);
  const buffers: Uint8Array[] = [start, header];
  let offset = 8 + header.length;
  for (const column of [null, ...columns]) {
    if (align(offset) > offset) buffers.push(Buffer.alloc(align(offset) - offset));
    offset = align(offset);
    if (!column) continue;
    buffers.push(new Uint8Array(column.buffer, column.byteOffset, column.byteLength));
    offset += column.byteLength;
  }
  const written = join(dir, 'index');
  try {
    const file = await open(written, 'w');
    try {
      for (let i = 0; i < buffers.length; i += BUFFERS_PER_WRITE) {
        await file.writev(buffers.slice(i, i + BUFFERS_PER_WRITE));
      }
    } finally {
      await file.close();
    }
    for (let taker = 1; taker <= give.takers; taker++) await link(written, linkOf(dir, taker));
  } finally {
    await rm(written, { force: true });
  }
}

/** Tells the takers that no index comes: each builds its own. */
export async function giveNone(dir: string): Promise<void> {
  await writeFile(join(dir, NONE), '');
}

/**
 * The index given to `taker` in `dir`, once it is there, and the snapshot it is exact as of;
 * undefined when the giver gave none, or none came within `withinMs`, or `stillWanted` turned
 * false. Throws when the file is not an index this code wrote.
 */
export async function takeIndex(
  { dir, take }: IndexTaker,
  { withinMs, stillWanted }: { withinMs: number; stillWanted: () => boolean },
): Promise<{ index: SearchIndex; since: Snapshot } | undefined> {
  const mine = linkOf(dir, take.taker);
  for (const deadline = Date.now() + withinMs; Date.now() < deadline && stillWanted(); ) {
    const bytes = await readFile(mine).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (bytes) {
      await rm(mine, { force: true });
      return indexOf(bytes);
    }
    if (await exists(join(dir, NONE))) return undefined;
    await sleep(LOOK_EVERY_MS);
  }
  return undefined;
}

/**
 * The index in a file `giveIndex` wrote. Its arrays are copied out of the file's bytes, which are
 * then let go: views of them would keep every byte of the file as long as one array (the table of
 * ASCII trigrams, say) lives, while the lists and texts that grow move to arrays of their own.
 */
function indexOf(read: Buffer): { index: SearchIndex; since: Snapshot } {
  // Views of 8-byte values need 8-byte aligned offsets (a large file's buffer starts at 0).
  let bytes = read;
  if (read.byteOffset % 8 !== 0) {
    const copy = new Uint8Array(read.length);
    copy.set(read);
    bytes = Buffer.from(copy.buffer);
  }
  if (bytes.length < 8 || bytes.readUInt32LE(0) !== MAGIC) throw new Error('not a search index file');
  const headerEnd = 8 + bytes.readUInt32LE(4);
  const header = JSON.parse(bytes.toString('utf8', 8, headerEnd)) as {
    format: string;
    since: Snapshot;
    arrays: { type: ArrayType; length: number }[];
    parts: unknown;
  };
  if (header.format !== FORMAT) throw new Error(`search index file of format "${header.format}"`);
  let offset = align(headerEnd);
  const columns = header.arrays.map(({ type, length }) => {
    const Type = Object.hasOwn(TYPES, type) ? TYPES[type] : undefined;
    if (!Type || offset + length * Type.BYTES_PER_ELEMENT > bytes.length) {
      throw new Error('search index file cut short or of other arrays');
    }
    const column = new Type(bytes.buffer as ArrayBuffer, bytes.byteOffset + offset, length).slice();
    offset = align(offset + column.byteLength);
    return column;
  });
  const revive = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(revive);
    if (typeof value !== 'object' || value === null) return value;
    const { $array } = value as { $array?: number };
    if ($array !== undefined) {
      const column = columns[$array];
      if (!column) throw new Error('search index file names an array it does not hold');
      return column;
    }
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, revive(inner)]));
  };
  return { index: new SearchIndex(revive(header.parts) as SearchIndexParts), since: header.since };
}
