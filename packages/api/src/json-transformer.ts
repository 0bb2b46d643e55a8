import type { DataTransformer } from '@trpc/server';
import superjson from 'superjson';

// The output transformer: superjson's wire format, written in one pass for the data procedures
// actually return (plain objects, arrays, strings, finite numbers, booleans, null, valid Dates).
// Anything else (undefined, Map, Set, BigInt, NaN, class instances, shared references, keys
// with `.` or `\`) falls back to superjson itself. superjson's generic walker was the largest
// single cost of a 20-user list answer (about 1.5 ms of 11 ms); clients still deserialize with
// superjson, and a test checks both agree.

class NeedsSuperjson extends Error {}
const fallback = new NeedsSuperjson();

const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * One pass over `value`. `path` is the stack of keys down to it; it is joined (as superjson's
 * stringifyPath does) only where a Date needs its path recorded.
 */
function encode(
  value: unknown,
  path: (string | number)[],
  dates: Record<string, ['Date']>,
  seen: Set<object>,
): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (Number.isFinite(value) && !Object.is(value, -0)) return value;
    throw fallback;
  }
  if (typeof value !== 'object') throw fallback;
  if (value instanceof Date) {
    const time = value.getTime();
    if (Number.isNaN(time) || path.length === 0) throw fallback;
    dates[path.join('.')] = ['Date'];
    return value.toISOString();
  }
  if (seen.has(value)) throw fallback;
  seen.add(value);
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      out[i] = encode(value[i], path, dates, seen);
      path.pop();
    }
    return out;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw fallback;
  const out: Record<string, unknown> = {};
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (key.includes('.') || key.includes('\\') || RESERVED_KEYS.has(key)) throw fallback;
    path.push(key);
    out[key] = encode((value as Record<string, unknown>)[key], path, dates, seen);
    path.pop();
  }
  return out;
}

/** superjson.serialize, fast for plain data (same output). */
export function serializeJson(value: unknown): ReturnType<typeof superjson.serialize> {
  if (value === null || typeof value !== 'object' || value instanceof Date) return superjson.serialize(value);
  const dates: Record<string, ['Date']> = {};
  try {
    const json = encode(value, [], dates, new Set());
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
