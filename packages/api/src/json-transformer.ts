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
    // JSON.stringify calls toJSON: only a plain Date's is toISOString.
    const plainDate = Object.getPrototypeOf(value) === Date.prototype && !Object.hasOwn(value, 'toJSON');
    if (Number.isNaN(value.getTime()) || path.length === 0 || !plainDate) throw fallback;
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
