import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { timestamptzParser } from './timestamptz-parser';

const TIMESTAMPTZ_OID = 1184;
const pgParse = pg.types.getTypeParser(TIMESTAMPTZ_OID, 'text') as (text: string) => unknown;
const parse = timestamptzParser(pgParse);

describe('timestamptzParser', () => {
  it('reads what Postgres prints as pg does, in every zone form and fraction length', () => {
    const texts = [
      '2026-11-23 10:57:01.123456+00',
      '2026-11-23 10:57:01+00',
      '2026-11-23 10:57:01.1+00',
      '2026-11-23 10:57:01.999999+00',
      '2026-02-28 23:59:59.0005-05',
      '1970-01-01 00:00:00+00',
      '1969-12-31 23:59:59.999+00',
      '2024-02-29 12:00:00+05:30',
      '1900-06-01 00:00:00+00:09:21',
      '2026-03-29 01:30:00-03:30',
      '9999-12-31 23:59:59.999999+14',
      '0100-01-01 00:00:00+00',
    ];
    for (const text of texts) {
      expect((parse(text) as Date).toISOString(), text).toBe((pgParse(text) as Date).toISOString());
    }
  });

  it('agrees with pg on random instants', () => {
    for (let i = 0; i < 2_000; i++) {
      const at = new Date(Date.UTC(1900, 0, 1) + Math.floor(Math.random() * 200 * 365.25 * 86_400_000));
      const micros = String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0');
      const text = `${at.toISOString().slice(0, 19).replace('T', ' ')}.${micros}+00`;
      expect((parse(text) as Date).getTime(), text).toBe((pgParse(text) as Date).getTime());
    }
  });

  it('leaves infinity, BC, years under 100 and over 9999, and anything odd to pg', () => {
    const handed: string[] = [];
    const watched = timestamptzParser((text) => {
      handed.push(text);
      return pgParse(text);
    });
    const odd = [
      'infinity',
      '-infinity',
      '0044-03-15 12:00:00+00 BC',
      '0099-01-01 00:00:00+00',
      '12026-01-01 00:00:00+00',
      '2026-11-23T10:57:01+00',
      '2026-11-23 10:57:01.5',
      '2026-11-23 10:57:01+0',
      '2026-11-23 1x:57:01+00',
    ];
    for (const text of odd) watched(text);
    expect(handed).toEqual(odd);
    expect(watched('infinity')).toBe(Number.POSITIVE_INFINITY);
    expect(watched('2026-11-23 10:57:01+00')).toEqual(new Date('2026-11-23T10:57:01Z'));
  });
});
