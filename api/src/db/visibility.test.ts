import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Kysely, PostgresAdapter, DummyDriver, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import type { Database } from './database.ts';
import { visibleAt } from './visibility.ts';
import { listPositionsQuery } from '../position/position.repository.ts';
import { listTradesQuery } from '../trade/trade.repository.ts';
import { leaderboardQuery } from '../trader/trader.repository.ts';

// Compiles SQL without a database.
export const dummyDb = new Kysely<Database>({
  dialect: { createAdapter: () => new PostgresAdapter(), createDriver: () => new DummyDriver(), createIntrospector: (db) => new PostgresIntrospector(db), createQueryCompiler: () => new PostgresQueryCompiler() },
});

const s = (block?: number) => ({ schema: 'sgd7', block, head: 100 });

test('mutable tables: the current row, or the row whose block range contains the block', () => {
  const latest = dummyDb.withSchema('sgd7').selectFrom('pool').select('id').where(visibleAt('mutable', undefined)).compile();
  assert.equal(latest.sql, 'select "id" from "sgd7"."pool" where upper_inf("block_range")');
  assert.deepEqual(latest.parameters, []);
  const past = dummyDb.withSchema('sgd7').selectFrom('pool').select('id').where(visibleAt('mutable', 42)).compile();
  assert.equal(past.sql, 'select "id" from "sgd7"."pool" where "block_range" @> $1::int4');
  assert.deepEqual(past.parameters, [42]);
  const aliased = dummyDb.selectFrom('market as m').select('m.id').where(visibleAt('mutable', 7, 'm')).compile();
  assert.equal(aliased.sql, 'select "m"."id" from "market" as "m" where "m"."block_range" @> $1::int4');
});

test('immutable and timeseries tables: every row, or those written at or before the block', () => {
  const latest = dummyDb.withSchema('sgd7').selectFrom('trade').select('id').where(visibleAt('immutable', undefined)).compile();
  assert.equal(latest.sql, 'select "id" from "sgd7"."trade" where true');
  const past = dummyDb.withSchema('sgd7').selectFrom('trade').select('id').where(visibleAt('immutable', 9)).compile();
  assert.equal(past.sql, 'select "id" from "sgd7"."trade" where "block$" <= $1::int4');
  assert.deepEqual(past.parameters, [9]);
});

test('position lists are keyset-paged by id with every filter a bound parameter', () => {
  const trader = Buffer.alloc(20, 1);
  const q = listPositionsQuery(dummyDb, s(5), { trader, status: 'OPEN' }, { first: 10, afterId: Buffer.alloc(52, 2) }).compile();
  assert.equal(q.sql, 'select * from "sgd7"."position" where "block_range" @> $1::int4 and "trader" = $2 and "status" = $3 and "id" > $4 order by "id" limit $5');
  assert.deepEqual(q.parameters.slice(0, 1), [5]);
  assert.equal(q.parameters[4], 11, 'one extra row tells whether another page follows');
});

test('trade lists page by vid, newest first, with the time window half-open', () => {
  const q = listTradesQuery(dummyDb, s(), { pool: Buffer.alloc(20), from: 100, to: 200 }, { first: 3, afterVid: 55n }).compile();
  assert.equal(q.sql, 'select * from "sgd7"."trade" where true and "pool" = $1 and "timestamp" >= $2 and "timestamp" < $3 and "vid" < $4 order by "vid" desc limit $5');
  assert.deepEqual(q.parameters.slice(1), ['100', '200', '55', 4]);
});

test('the leaderboard aggregates trades per trader with a parameterised window', () => {
  const q = leaderboardQuery(dummyDb, s(), { from: 10, to: 20, orderBy: 'VOLUME', first: 5, offset: 10 }).compile();
  assert.match(q.sql, /group by "trader" order by "volume" desc, "trader" limit \$\d offset \$\d$/);
  assert.match(q.sql, /count\(\*\) filter \(where kind = 'LIQUIDATION'\)/);
  assert.deepEqual(q.parameters, ['10', '20', 6, 10]);
});
