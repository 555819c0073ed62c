import pg from 'pg';

/**
 * A PostgreSQL bigint's text as a JavaScript number. `pg` leaves bigint (and count(*)) as text
 * because a number loses digits past 2^53; kopecks never get there, so anything beyond is a
 * fault to see, never a rounded sum.
 */
export function safeIntegerOf(text: string): number {
  const value = Number(text);
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(value)) {
    throw new RangeError(`a PostgreSQL bigint beyond JavaScript's safe integers: ${text}`);
  }
  return value;
}

/**
 * Query types that read bigint columns as numbers (`safeIntegerOf`), everything else as `pg`
 * does: pass as a query's `types`, so that no other user of the pool is affected.
 */
export const SAFE_BIGINT_TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 && format !== 'binary'
      ? safeIntegerOf
      : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};
