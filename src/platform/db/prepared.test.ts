import { describe, expect, it } from 'vitest';
import { Kysely, PostgresAdapter, DummyDriver, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { prepared, preparedName } from './prepared.js';

// A Kysely that only compiles (no database): enough to see the texts prepared() produces.
const db = new Kysely<{ t: { id: string; n: number } }>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new PostgresIntrospector(k),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

describe('preparedName', () => {
  it.each([
    ['/* prepared:list_page_0123456789ab */\nselect 1', 'list_page_0123456789ab'],
    ['select 1', undefined],
    ['/* other comment */ select 1', undefined],
    ['/* prepared: */ select 1', undefined],
    ['/* prepared:unterminated select 1', undefined],
    [' /* prepared:leading_space_x */ select 1', undefined],
  ])('%j → %j', (text, name) => {
    expect(preparedName(text)).toBe(name);
  });
});

describe('prepared', () => {
  it('marks the compiled text with label and hash and keeps the parameters', () => {
    const q = prepared('by_id', db.selectFrom('t').select('n').where('id', '=', 'x'));
    const name = preparedName(q.sql);
    expect(name).toMatch(/^by_id_[0-9a-f]{12}$/);
    expect(q.sql.endsWith('select "n" from "t" where "id" = $1')).toBe(true);
    expect(q.parameters).toEqual(['x']);
  });

  it('one text, one name: other values keep it, another text changes it', () => {
    const a = prepared('by_id', db.selectFrom('t').select('n').where('id', '=', 'x'));
    const b = prepared('by_id', db.selectFrom('t').select('n').where('id', '=', 'y'));
    const c = prepared('by_id', db.selectFrom('t').select(['n', 'id']).where('id', '=', 'x'));
    expect(preparedName(b.sql)).toBe(preparedName(a.sql));
    expect(preparedName(c.sql)).not.toBe(preparedName(a.sql));
  });

  it.each(['', 'Upper', 'has space', 'semi;colon', '1starts_with_digit', 'x'.repeat(42), 'star*/'])('refuses the label %j', (label) => {
    expect(() => prepared(label, db.selectFrom('t').select('n'))).toThrow(/label/);
  });
});
