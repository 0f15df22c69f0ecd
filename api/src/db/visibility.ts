// Time travel over graph-node's store (docs/implementation/time-travel.md):
// a mutable entity row is visible at block B when its block_range contains B
// (the current row has an open upper bound); an immutable, timeseries or
// aggregation row is visible at B when it was written at or before B.
import { sql, type Expression, type SqlBool } from 'kysely';

export type TableKind = 'mutable' | 'immutable';

/**
 * The visibility predicate of a table (optionally aliased) at `block`, or of
 * its latest state when `block` is undefined. Always a bound parameter, never
 * interpolated text.
 */
export function visibleAt(kind: TableKind, block: number | undefined, alias?: string): Expression<SqlBool> {
  if (kind === 'mutable') {
    const col = alias ? sql.ref(`${alias}.block_range`) : sql.ref('block_range');
    return block === undefined ? sql<SqlBool>`upper_inf(${col})` : sql<SqlBool>`${col} @> ${block}::int4`;
  }
  const col = alias ? sql.ref(`${alias}.block$`) : sql.ref('block$');
  return block === undefined ? sql<SqlBool>`true` : sql<SqlBool>`${col} <= ${block}::int4`;
}
