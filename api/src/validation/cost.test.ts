import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSchema, getOperationAST, parse } from 'graphql';
import { typeDefs } from '../server.ts';
import { seededRandom } from '../../../stack/src/rpc-fault-proxy.ts';
import { MAX_BUCKETS } from '../history/buckets.ts';
import { operationCost, seriesBuckets, WHAT_IF_POINT_WORK as W } from './cost.ts';

const schema = buildSchema(typeDefs);
const NOW = 1_800_000_000;
const cost = (query: string, variables?: Record<string, unknown>, limit = 1e12) => {
  const document = parse(query);
  return operationCost({ schema, document, operation: getOperationAST(document)!, variables, maxPageSize: 1000, limit, now: NOW });
};

// positions(first: a) { nodes { id trades(first: b) { nodes { id price } } } }:
// positions 1, nodes a, id a, trades a, nodes a·b, id and price 2·a·b.
const nested = (a: number, b: number) => 1 + 3 * a + 3 * a * b;
const NESTED = `query($a: Int, $b: Int) { positions(first: $a) { nodes { id trades(first: $b) { nodes { id price } } } } }`;

test('page sizes given by variables count at their values, for any values', () => {
  const rnd = seededRandom(11);
  for (let i = 0; i < 200; i++) {
    const a = 1 + Math.floor(rnd() * 1000);
    const b = 1 + Math.floor(rnd() * 1000);
    assert.equal(cost(NESTED, { a, b }), nested(a, b), `a=${a} b=${b}`);
  }
  // 1000 × 1000 passed as 100 × 100 before: now ~3·10^6.
  assert.equal(cost(NESTED, { a: 1000, b: 1000 }), nested(1000, 1000));
});

test('absent variables take the schema default (what the resolver gets); variable defaults count too', () => {
  assert.equal(cost(NESTED, {}), nested(100, 100), 'first: Int = 100 on both fields');
  assert.equal(cost(NESTED, { a: 7 }), nested(7, 100));
  assert.equal(cost(`query($a: Int = 900, $b: Int = 800) { positions(first: $a) { nodes { id trades(first: $b) { nodes { id price } } } } }`, {}), nested(900, 800));
  assert.equal(cost(`query($a: Int = 900, $b: Int = 800) { positions(first: $a) { nodes { id trades(first: $b) { nodes { id price } } } } }`, { b: 2 }), nested(900, 2));
  assert.equal(cost(`{ positions { nodes { id trades { nodes { id price } } } } }`), nested(100, 100));
  assert.equal(cost(`{ positions(first: 3) { nodes { id trades(first: 4) { nodes { id price } } } } }`), nested(3, 4));
});

test('a page size the resolver refuses counts at the maximum page', () => {
  for (const bad of [0, -1, 1001, 2 ** 31 - 1, null]) assert.equal(cost(NESTED, { a: bad, b: 1 }), nested(1000, 1), String(bad));
  assert.equal(cost(NESTED, { a: 'ten', b: 1 }), undefined, 'variables that do not coerce: graphql-js refuses the request before any resolver');
});

test('whatIf points count at `steps`, from a literal, a variable or the default (11), each with its computation', () => {
  // whatIf 1 + steps·W (the points are computed whatever is selected), otherPriceSource 1, points 1, price and swapRate 2·steps.
  const q = `query($s: Int) { whatIf(market: "m", fromPrice: "1", toPrice: "2", steps: $s) { otherPriceSource points { price swapRate } } }`;
  for (const s of [1, 2, 11, 500, 1000]) assert.equal(cost(q, { s }), 3 + (W + 2) * s, String(s));
  assert.equal(cost(q, {}), 3 + (W + 2) * 11);
  assert.equal(cost(q, { s: 5000 }), 3 + (W + 2) * 1000, 'refused by the resolver: counted at its maximum');
  assert.equal(cost(`{ whatIf(market: "m", fromPrice: "1", toPrice: "2", steps: 300) { otherPriceSource } }`), 2 + W * 300, 'computed even when points are not selected');
  // Through a fragment on WhatIf, costed per steps value.
  const frag = `fragment P on WhatIf { points { price swapRate } } query($s: Int, $t: Int) { a: whatIf(market: "m", fromPrice: "1", toPrice: "2", steps: $s) { ...P } b: whatIf(market: "m", fromPrice: "1", toPrice: "2", steps: $t) { ...P } }`;
  assert.equal(cost(frag, { s: 10, t: 1000 }), 2 + (W + 2) * 10 + (2 + (W + 2) * 1000), 'each alias at its own steps');
});

test('series count the buckets their range covers, with the resolver\'s default ranges', () => {
  const day = 86400;
  assert.equal(seriesBuckets('rateCandles', { interval: 'HOUR' }, NOW), 7 * 24 + 1);
  assert.equal(seriesBuckets('periodStats', { interval: 'DAY' }, NOW), 91);
  assert.equal(seriesBuckets('periodStats', { interval: 'HOUR', from: NOW - day, to: NOW - day + 3600 }, NOW), 1);
  assert.equal(seriesBuckets('rateCandles', { interval: 'DAY', from: 0 }, NOW), MAX_BUCKETS, 'more than 5000 buckets: refused, counted at the maximum');
  assert.equal(seriesBuckets('rateCandles', { interval: 'HOUR', from: 10, to: 5 }, NOW), MAX_BUCKETS, 'inverted: refused');
  const q = `query($f: Int, $t: Int) { periodStats(interval: HOUR, from: $f, to: $t) { volume fees } }`;
  const rnd = seededRandom(3);
  for (let i = 0; i < 50; i++) {
    const hours = 1 + Math.floor(rnd() * 4999);
    const from = (NOW - 10 * 365 * day) - ((NOW - 10 * 365 * day) % 3600);
    assert.equal(cost(q, { f: from, t: from + hours * 3600 }), 1 + 2 * hours, `${hours} hours`);
  }
  // 30 aliases × 5000 buckets × 10 fields: 1.5M.
  const wide = `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: rateCandles(pool: "p", interval: HOUR, from: 0) { timestamp open high low close changes floatingPnl zTokenSupply settlementBalance complete }`).join(' ')} }`;
  assert.equal(cost(wide), 30 * (1 + MAX_BUCKETS * 10));
});

test('fragments are costed once and charged at every spread; counting stops past the limit', () => {
  const chain = Array.from({ length: 30 }, (_, i) => (i === 0 ? 'fragment F0 on Query { indexingStatus { lagBlocks } }' : `fragment F${i} on Query { ...F${i - 1} ...F${i - 1} }`)).join(' ');
  assert.equal(cost(`${chain} { ...F9 }`), 2 * 2 ** 9);
  const over = cost(`${chain} { ...F29 }`, undefined, 50_000)!;
  assert.ok(over > 50_000 && over < 2 * 50_000, `stops as soon as a part passes the limit (${over})`);
  const inline = `{ ... on Query { pools(first: 10) { ... on PoolConnection { nodes { id ... on Pool { markets { id } } } } } } }`;
  assert.equal(cost(inline), 1 + 10 * 4);
});

test('lists sized by the deployed contracts (markets, protocol pools) and introspection count once', () => {
  assert.equal(cost(`{ pools(first: 5) { nodes { markets { id name } } } }`), 1 + 5 * (1 + 1 + 2));
  assert.equal(cost(`{ protocol { pools { id } } }`), 3);
  assert.equal(cost(`{ __schema { types { name fields { name } } } __typename }`), 6);
});
