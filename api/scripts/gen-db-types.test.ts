import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, snakeCase } from './gen-db-types.ts';

const here = dirname(fileURLToPath(import.meta.url));

test('the committed Kysely table types match schema.graphql', () => {
  const generated = generate(readFileSync(join(here, '..', '..', 'schema.graphql'), 'utf8'));
  const committed = readFileSync(join(here, '..', 'src', 'db', 'subgraph-tables.ts'), 'utf8');
  assert.equal(committed, generated, 'run `npm run gen -w api`');
});

test('snake_case follows graph-node table and column naming', () => {
  assert.equal(snakeCase('LiquidityEvent'), 'liquidity_event');
  assert.equal(snakeCase('zTokenSupply'), 'z_token_supply');
  assert.equal(snakeCase('swapRateWad'), 'swap_rate_wad');
  assert.equal(snakeCase('id'), 'id');
});

test('immutable entities get block$, mutable ones block_range, derived fields no column', () => {
  const out = generate(`
    type A @entity(immutable: true) { id: Bytes! b: B! amount: BigInt! }
    type B @entity(immutable: false) { id: Bytes! as: [A!]! @derivedFrom(field: "b") note: String }
  `);
  assert.match(out, /export interface ATable \{\n  vid: [^\n]+\n  'block\$'/);
  assert.match(out, /export interface BTable \{\n  vid: [^\n]+\n  block_range/);
  assert.doesNotMatch(out, /\n  as: /);
  assert.match(out, /  note: string \| null;/);
  assert.match(out, /  b: Buffer;/);
});

test('digits split like graph-node (Inflector): x1 → x_1, sumA1 → sum_a1', () => {
  assert.equal(snakeCase('x1'), 'x_1');
  assert.equal(snakeCase('y2'), 'y_2');
  assert.equal(snakeCase('sumA1'), 'sum_a1');
  assert.equal(snakeCase('sumD2'), 'sum_d2');
  assert.equal(snakeCase('settlementDecimals'), 'settlement_decimals');
  assert.equal(snakeCase('maxLeverage'), 'max_leverage');
});
