import type { DataTransformer } from '@trpc/server';
import superjson from 'superjson';
import { isoString } from './iso-date';

// The output transformer: superjson's wire format, checked in one pass for the data procedures
// actually return (plain objects, arrays, strings, finite numbers, booleans, null, valid Dates).
// Anything else (undefined, Map, Set, BigInt, NaN, class instances, shared references, keys
// with `.` or `\`) falls back to superjson itself. superjson's generic walker was the largest
// single cost of a 20-user list answer (about 1.5 ms of 11 ms); clients still deserialize with
// superjson, and a test checks both agree.

class NeedsSuperjson extends Error {}
const fallback = new NeedsSuperjson();

const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Checks `value` is plain data, records the path of each Date, and returns what JSON.stringify
 * is to write: `value` itself, or, where it holds Dates, a copy with each Date as its ISO string
 * (the same JSON: JSON.stringify writes a valid Date as toISOString(), as superjson does, but
 * calling a Date's toJSON takes it off its fast path: a 20-user page with its 70 Dates took
 * three times as long). The value handed in is never changed. `path` is the stack of keys down
 * to `value`; it is joined (as superjson's stringifyPath does) only where a Date needs its path.
 */
function toWire(
  value: unknown,
  path: (string | number)[],
  dates: Record<string, ['Date']>,
  seen: Set<object>,
): unknown {
  if (typeof value !== 'object' || value === null) return checkedLeaf(value);
  if (value instanceof Date) {
    if (!isWritableDate(value) || path.length === 0) throw fallback;
    dates[path.join('.')] = ['Date'];
    return isoString(value);
  }
  if (seen.has(value)) throw fallback;
  seen.add(value);
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item !== 'object' || item === null) {
        checkedLeaf(item);
        continue;
      }
      path.push(i);
      const written = toWire(item, path, dates, seen);
      path.pop();
      if (written !== item) {
        copy ??= value.slice();
        copy[i] = written;
      }
    }
    return copy ?? value;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw fallback;
  let copy: Record<string, unknown> | undefined;
  // Every key for-in gives is own: the prototype is null or Object.prototype, checked empty of
  // enumerable keys by serializeJson (Object.hasOwn on each key cost a third of the walk).
  for (const key in value) {
    if (!isPlainKey(key)) throw fallback;
    const item: unknown = (value as Record<string, unknown>)[key];
    if (typeof item !== 'object' || item === null) {
      checkedLeaf(item);
      continue;
    }
    path.push(key);
    const written = toWire(item, path, dates, seen);
    path.pop();
    if (written !== item) {
      copy ??= { ...value };
      copy[key] = written;
    }
  }
  return copy ?? value;
}

/**
 * A valid Date that JSON.stringify writes as its toISOString(), as superjson does (JSON.stringify
 * calls toJSON: only a plain Date's is toISOString).
 */
function isWritableDate(value: Date): boolean {
  return (
    Object.getPrototypeOf(value) === Date.prototype &&
    !Object.hasOwn(value, 'toJSON') &&
    !Number.isNaN(value.getTime())
  );
}

/** A value that is not an object: itself when JSON writes it as superjson does, else the fallback. */
function checkedLeaf(value: unknown): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number' && Number.isFinite(value) && !Object.is(value, -0)) return value;
  throw fallback;
}

// Keys repeat across rows, so each is checked once (bounded: answers may carry user-chosen keys).
const plainKeys = new Map<string, boolean>();
function isPlainKey(key: string): boolean {
  let plain = plainKeys.get(key);
  if (plain === undefined) {
    plain = !key.includes('.') && !key.includes('\\') && !RESERVED_KEYS.has(key);
    if (plainKeys.size < 10_000) plainKeys.set(key, plain);
  }
  return plain;
}

/** Has no enumerable property (for-in on an object inheriting from it gives only own keys). */
function isPristine(prototype: object): boolean {
  for (const _ in prototype) return false;
  return true;
}

/** superjson.serialize, fast for plain data (the same JSON on the wire). */
export function serializeJson(value: unknown): ReturnType<typeof superjson.serialize> {
  if (value === null || typeof value !== 'object' || value instanceof Date || !isPristine(Object.prototype)) {
    return superjson.serialize(value);
  }
  const dates: Record<string, ['Date']> = {};
  try {
    const json = toWire(value, [], dates, new Set()) as ReturnType<typeof superjson.serialize>['json'];
    for (const _ in dates)
      return { json, meta: { values: dates, v: 1 } } as ReturnType<typeof superjson.serialize>;
    return { json } as ReturnType<typeof superjson.serialize>;
  } catch (error) {
    if (error === fallback) return superjson.serialize(value);
    throw error;
  }
}

export const outputTransformer: DataTransformer = {
  serialize: serializeJson,
  deserialize: (value) => superjson.deserialize(value),
};

// Template writers: for the answers sent most (a page of users), the wire text written in one
// pass from a template of their known shape, where `serializeJson` walks every value, copies
// each object holding a Date and JSON.stringify walks them again (a page of 20 users' text:
// ~140 → ~80 µs; ~150 → ~120 µs once the body is bytes). Each helper writes one value of the
// kind it names as that path would, or gives up when the value is not of that kind: the answer
// then goes the generic way (`writeWire` answers undefined).

// biome-ignore lint/suspicious/noControlCharactersInRegex: the characters JSON.stringify escapes.
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A string as JSON.stringify writes it (without the call when nothing needs escaping). */
function jsonString(value: string): string {
  return NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`;
}

/** The wire text of one value of a known kind, or the generic path (see `writeWire`). */
export const wire = {
  string(value: unknown): string {
    if (typeof value !== 'string') throw fallback;
    return jsonString(value);
  },
  stringOrNull(value: unknown): string {
    return value === null ? 'null' : wire.string(value);
  },
  boolean(value: unknown): string {
    if (typeof value !== 'boolean') throw fallback;
    return value ? 'true' : 'false';
  },
  booleanOrNull(value: unknown): string {
    return value === null ? 'null' : wire.boolean(value);
  },
  number(value: unknown): string {
    if (typeof value !== 'number') throw fallback;
    return String(checkedLeaf(value));
  },
  /** A Date (its ISO string, and `meta`, its entry in superjson's meta, in `dates`) or null. */
  dateOrNull(value: unknown, meta: string, dates: string[]): string {
    if (value === null) return 'null';
    if (!(value instanceof Date) || !isWritableDate(value)) throw fallback;
    dates.push(meta);
    return `"${isoString(value)}"`;
  },
  /** The entry in superjson's meta of a Date at the path `parent.key`. */
  dateMeta(parent: string, key: string): string {
    return `${jsonString(`${parent}.${key}`)}:["Date"]`;
  },
  /** An array of strings and nulls. */
  strings(value: unknown): string {
    if (!Array.isArray(value)) throw fallback;
    if (value.length === 0) return '[]';
    let text = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) text += ',';
      text += wire.stringOrNull(value[i]);
    }
    return `${text}]`;
  },
  /** Any value, written the generic way, at `path` (its Dates' paths go into `dates`). */
  any(value: unknown, path: string, dates: string[]): string {
    const found: Record<string, ['Date']> = {};
    const text = JSON.stringify(toWire(value, [path], found, new Set()));
    for (const at in found) dates.push(`${jsonString(at)}:["Date"]`);
    return text;
  },
};

/**
 * superjson's wire text (`{"json":…,"meta":…}`, as JSON.stringify(serializeJson(data)) writes
 * it) of an answer written by `write` from the `wire` helpers, which collects each Date's path in
 * `dates` in the order the generic walk meets them; undefined when a value was not of the kind
 * its template expected.
 */
export function writeWire(write: (dates: string[]) => string): string | undefined {
  if (!isPristine(Object.prototype)) return undefined;
  const dates: string[] = [];
  try {
    const json = write(dates);
    return dates.length > 0
      ? `{"json":${json},"meta":{"values":{${dates.join(',')}},"v":1}}`
      : `{"json":${json}}`;
  } catch (error) {
    if (error === fallback) return undefined;
    throw error;
  }
}
