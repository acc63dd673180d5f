import { describe, expect, it } from 'vitest';
import { prepared, preparedName, preparedStatement, queryBuilder } from './prepared.js';

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
    const q = prepared('by_id', queryBuilder.selectFrom('feature_flags').select('state').where('key', '=', 'x'));
    const name = preparedName(q.sql);
    expect(name).toMatch(/^by_id_[0-9a-f]{12}$/);
    expect(q.sql.endsWith('select "state" from "feature_flags" where "key" = $1')).toBe(true);
    expect(q.parameters).toEqual(['x']);
  });

  it('one text, one name: other values keep it, another text changes it', () => {
    const a = prepared('by_id', queryBuilder.selectFrom('feature_flags').select('state').where('key', '=', 'x'));
    const b = prepared('by_id', queryBuilder.selectFrom('feature_flags').select('state').where('key', '=', 'y'));
    const c = prepared('by_id', queryBuilder.selectFrom('feature_flags').select(['state', 'key']).where('key', '=', 'x'));
    expect(preparedName(b.sql)).toBe(preparedName(a.sql));
    expect(preparedName(c.sql)).not.toBe(preparedName(a.sql));
  });

  it.each(['', 'Upper', 'has space', 'semi;colon', '1starts_with_digit', 'x'.repeat(42), 'star*/'])('refuses the label %j', (label) => {
    expect(() => prepared(label, queryBuilder.selectFrom('feature_flags').select('state'))).toThrow(/label/);
  });
});

describe('preparedStatement', () => {
  type Values = { id: string; min: string };
  const counting = () => {
    let builds = 0;
    const statement = preparedStatement<{ wide: boolean }, Values, unknown>('by_id_min', ({ wide }, param) => {
      builds++;
      return queryBuilder
        .selectFrom('feature_flags')
        .select(wide ? ['key', 'percent', 'state'] : ['key'])
        .where('key', '=', param('id'))
        .where('percent', '>=', param('min'))
        .where('updated_by', '<>', param('id'));
    });
    return { statement, builds: () => builds };
  };

  it('builds once per shape and binds each call’s values in the statement’s order', () => {
    const { statement, builds } = counting();
    const a = statement({ wide: false }, { id: 'x', min: '5' });
    const b = statement({ wide: false }, { min: '7', id: 'y' });
    const c = statement({ wide: true }, { id: 'z', min: '1' });
    expect(builds()).toBe(2);
    expect(a.sql).toBe(b.sql);
    expect(c.sql).not.toBe(a.sql);
    expect(preparedName(a.sql)).toMatch(/^by_id_min_[0-9a-f]{12}$/);
    expect(a.parameters).toEqual(['x', '5', 'x']);
    expect(b.parameters).toEqual(['y', '7', 'y']);
    expect(c.parameters).toEqual(['z', '1', 'z']);
  });

  it('refuses a per-call value that is not a param(), so it cannot be frozen into the cached text', () => {
    const statement = preparedStatement<{ n: string }, { id: string }, unknown>('const_value', ({ n }, param) =>
      queryBuilder.selectFrom('feature_flags').select('key').where('key', '=', param('id')).where('percent', '=', n),
    );
    expect(() => statement({ n: '1' }, { id: 'x' })).toThrow(/parameter \$2 is not a param\(\)/);
  });

  it('names a missing value', () => {
    const { statement } = counting();
    expect(() => statement({ wide: false }, { id: 'x' } as Values)).toThrow(/no value for min/);
  });
});
