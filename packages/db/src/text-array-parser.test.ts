import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { testServerUrl } from './testing';
import { textArrayParser } from './text-array-parser';

const TEXT_ARRAY_OID: number = 1009;
const pgParse = pg.types.getTypeParser(TEXT_ARRAY_OID, 'text') as (text: string) => unknown;
const parse = textArrayParser(pgParse);

describe('textArrayParser', () => {
  it('reads every array Postgres prints as pg does, quoted elements and nulls included', async () => {
    const client = new pg.Client({ connectionString: testServerUrl });
    await client.connect();
    try {
      const arrays = [
        [],
        ['provider'],
        ['supervisor', 'provider'],
        [null],
        ['NULL', null, 'null'],
        [''],
        ['a b', 'c,d', '{e}', 'f"g', 'h\\i', ' ', '\t'],
        ['é', '日本', '🙂'],
        ['5ff4204f-3735-4946-ba96-8f7413b87751', 'b75f641c-595e-48e9-9d95-f533d5e47dea'],
      ];
      for (const array of arrays) {
        const { rows } = await client.query<{ text: string }>('select $1::text[]::text as text', [array]);
        const printed = rows[0]?.text ?? '';
        expect(parse(printed), printed).toEqual(pgParse(printed));
        expect(parse(printed), printed).toEqual(array);
      }
      const ids = ['5ff4204f-3735-4946-ba96-8f7413b87751', null, 'b75f641c-595e-48e9-9d95-f533d5e47dea'];
      const { rows } = await client.query<{ text: string }>('select $1::uuid[]::text as text', [ids]);
      expect(parse(rows[0]?.text ?? '')).toEqual(ids);
    } finally {
      await client.end();
    }
  });

  it('leaves other dimensions and bounds to pg', () => {
    const handed: string[] = [];
    const watched = textArrayParser((text) => {
      handed.push(text);
      return pgParse(text);
    });
    for (const text of ['{{a,b},{c,d}}', '[0:1]={a,b}', '{"a"}']) {
      expect(watched(text), text).toEqual(pgParse(text));
    }
    expect(handed).toEqual(['{{a,b},{c,d}}', '[0:1]={a,b}', '{"a"}']);
  });
});
