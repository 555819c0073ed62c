import type pg from 'pg';
import { SAFE_BIGINT_TYPES } from './postgres-integers';

/**
 * Runs a statement whose text `build` writes with named placeholders (`param('uin')`), as the
 * SQL shared with the SQLite store is written: each name becomes $1, $2… once, bound to
 * `values[name]` (a name without a value throws). bigint columns come back as safe numbers.
 */
export async function queryNamed<Row extends pg.QueryResultRow>(
  db: pg.Pool | pg.PoolClient,
  values: Readonly<Record<string, unknown>>,
  build: (param: (name: string) => string) => string,
): Promise<Row[]> {
  const bound: unknown[] = [];
  const positions = new Map<string, number>();
  const param = (name: string) => {
    if (!(name in values)) throw new Error(`no value for ${name}`);
    let position = positions.get(name);
    if (position === undefined) {
      position = bound.push(values[name]);
      positions.set(name, position);
    }
    return `$${position}`;
  };
  const text = build(param);
  return (await db.query<Row>({ text, values: bound, types: SAFE_BIGINT_TYPES })).rows;
}
