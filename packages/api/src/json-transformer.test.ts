import fc from 'fast-check';
import superjson from 'superjson';
import { describe, expect, it } from 'vitest';
import { serializeJson } from './json-transformer';

// superjson refuses these keys (prototype pollution guard); the encoder hands them to superjson.
const safeKey = fc.string().filter((k) => !['__proto__', 'constructor', 'prototype'].includes(k));

const plain = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
    fc.boolean(),
    fc.constant(null),
    fc.date({ noInvalidDate: true }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(safeKey, tie('value'), { maxKeys: 4 }),
  ),
})).value;

const overTheWire = <T>(serialized: T): T => JSON.parse(JSON.stringify(serialized)) as T;

describe('serializeJson', () => {
  // The same JSON on the wire (the order of meta's keys may differ: superjson's follows JS
  // property order across nesting levels, and nothing reads it).
  it('puts on the wire what superjson puts there for plain data', () => {
    fc.assert(
      fc.property(fc.dictionary(safeKey, plain, { maxKeys: 5 }), (value) => {
        const before = structuredClone(value);
        expect(overTheWire(serializeJson(value))).toEqual(overTheWire(superjson.serialize(value)));
        // Dates go onto the wire as strings in a copy: the procedure's own answer keeps its Dates.
        expect(value).toEqual(before);
      }),
      { numRuns: 400 },
    );
  });

  it('round-trips anything through superjson.deserialize, falling back for what it does not handle', () => {
    fc.assert(
      fc.property(
        fc.anything({
          withDate: true,
          withMap: true,
          withSet: true,
          withBigInt: true,
          withNullPrototype: true,
        }),
        (value) => {
          let reference: unknown;
          try {
            reference = superjson.deserialize(overTheWire(superjson.serialize(value)));
          } catch (refused) {
            // superjson refuses some keys (prototype pollution guard): so must the encoder.
            expect(() => serializeJson(value)).toThrow((refused as Error).message);
            return;
          }
          expect(superjson.deserialize(overTheWire(serializeJson(value)))).toEqual(reference);
        },
      ),
    );
    const shared = { id: 'o' };
    expect(overTheWire(serializeJson({ a: shared, b: shared }))).toEqual(
      overTheWire(superjson.serialize({ a: shared, b: shared })),
    );
    expect(overTheWire(serializeJson({ 'a.b': new Date(0), u: undefined }))).toEqual(
      overTheWire(superjson.serialize({ 'a.b': new Date(0), u: undefined })),
    );
  });

  it('falls back to superjson, whose walk reads own keys only, when Object.prototype has an enumerable key', () => {
    const value = { at: new Date(0), tags: ['a'] };
    Object.defineProperty(Object.prototype, 'polluted', {
      value: new Date(1),
      enumerable: true,
      configurable: true,
      writable: true,
    });
    try {
      expect(overTheWire(serializeJson(value))).toEqual(overTheWire(superjson.serialize(value)));
      expect(overTheWire(serializeJson(value)).json).toEqual({ at: '1970-01-01T00:00:00.000Z', tags: ['a'] });
    } finally {
      delete (Object.prototype as { polluted?: Date }).polluted;
    }
  });
});
