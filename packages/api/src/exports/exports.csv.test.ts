import { describe, expect, it } from 'vitest';
import { csvCell, csvChunks, csvLine } from './exports.csv';

describe('CSV cells', () => {
  it('writes plain values as they are and empty for null', () => {
    expect(csvLine(['plain', 42, true, null, undefined])).toBe('plain,42,true,,\r\n');
    expect(csvCell(new Date('2026-11-30T08:00:00.000Z'))).toBe('2026-11-30T08:00:00.000Z');
    expect(csvCell(['staff', 'provider'])).toBe('staff; provider');
    expect(csvCell({ a: 1 })).toBe('"{""a"":1}"');
  });

  it('quotes commas, quotes and line breaks, doubling quotes (RFC 4180)', () => {
    expect(csvCell('Smith, Jr')).toBe('"Smith, Jr"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('one\ntwo')).toBe('"one\ntwo"');
    expect(csvCell('one\r\ntwo')).toBe('"one\r\ntwo"');
  });

  it('prefixes an apostrophe to cells a spreadsheet would run as a formula', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) {
      expect(csvCell(`${start}1+1`).replace(/^"/, '')).toMatch(/^'/);
    }
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell(-5)).toBe("'-5");
  });
});

describe('csvChunks', () => {
  it('starts with a byte order mark and the header, then one chunk per batch, counting rows', async () => {
    async function* batches() {
      yield [{ n: 1 }, { n: 2 }];
      yield [{ n: 3 }];
    }
    const progress = { rows: 0 };
    const chunks: string[] = [];
    for await (const chunk of csvChunks(
      [{ header: 'n', value: (item: { n: number }) => item.n }],
      batches(),
      progress,
    )) {
      chunks.push(chunk);
    }
    expect(chunks).toEqual(['\uFEFFn\r\n', '1\r\n2\r\n', '3\r\n']);
    expect(progress.rows).toBe(3);
  });

  it('closes the batches when the reader stops early', async () => {
    let closed = false;
    async function* batches() {
      try {
        for (let n = 0; ; n++) yield [{ n }];
      } finally {
        closed = true;
      }
    }
    const chunks = csvChunks([{ header: 'n', value: (item: { n: number }) => item.n }], batches(), {
      rows: 0,
    });
    await chunks.next();
    await chunks.next();
    await chunks.return(undefined);
    expect(closed).toBe(true);
  });
});
