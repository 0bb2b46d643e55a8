import type { DataTransformer } from '@trpc/server';
import superjson from 'superjson';

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
 * Checks `value` is plain data and records the path of each Date. Nothing is copied: plain data
 * is its own JSON, since JSON.stringify writes a valid Date as toISOString(), as superjson does.
 * `path` is the stack of keys down to `value`; it is joined (as superjson's stringifyPath does)
 * only where a Date needs its path recorded.
 */
function scan(
  value: unknown,
  path: (string | number)[],
  dates: Record<string, ['Date']>,
  seen: Set<object>,
): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (Number.isFinite(value) && !Object.is(value, -0)) return;
    throw fallback;
  }
  if (typeof value !== 'object') throw fallback;
  if (value instanceof Date) {
    // JSON.stringify calls toJSON: only a plain Date's is toISOString.
    const plainDate = Object.getPrototypeOf(value) === Date.prototype && !Object.hasOwn(value, 'toJSON');
    if (Number.isNaN(value.getTime()) || path.length === 0 || !plainDate) throw fallback;
    dates[path.join('.')] = ['Date'];
    return;
  }
  if (seen.has(value)) throw fallback;
  seen.add(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      scan(value[i], path, dates, seen);
      path.pop();
    }
    return;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw fallback;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (!isPlainKey(key)) throw fallback;
    path.push(key);
    scan((value as Record<string, unknown>)[key], path, dates, seen);
    path.pop();
  }
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

/** superjson.serialize, fast for plain data (the same JSON on the wire). */
export function serializeJson(value: unknown): ReturnType<typeof superjson.serialize> {
  if (value === null || typeof value !== 'object' || value instanceof Date) return superjson.serialize(value);
  const dates: Record<string, ['Date']> = {};
  try {
    scan(value, [], dates, new Set());
    const json = value as ReturnType<typeof superjson.serialize>['json'];
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
