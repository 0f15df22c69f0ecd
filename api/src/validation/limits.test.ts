import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSchema, parse, validate, getIntrospectionQuery, specifiedRules } from 'graphql';
import { typeDefs } from '../server.ts';
import { measureDocument, queryLimitsRule } from './limits.ts';

const schema = buildSchema(typeDefs);
const rule = queryLimitsRule({ maxDepth: 8, maxAliases: 5, maxCost: 10_000, assumedPageSize: 100 });
const errors = (q: string) => validate(schema, parse(q), [...specifiedRules, rule]).map((e) => e.message);

test('ordinary dashboard queries pass', () => {
  assert.deepEqual(errors(`{ pools(first: 10) { nodes { id markets { id sumA1 livePrice { price } } liveSwapRate { swapRate markets { price } } } } indexingStatus { lagBlocks } }`), []);
  assert.deepEqual(errors(`query($id: String!) { trader(id: $id) { positions { nodes { market { pool { liveSwapRate { markets { price } } } } } } } }`), []);
});

test('introspection is not counted as depth', () => {
  assert.deepEqual(errors(getIntrospectionQuery()), []);
});

test('too deep, through fragments too', () => {
  const deep = `{ position(id: "0x") { market { pool { markets { pool { markets { pool { markets { pool { id } } } } } } } } } }`;
  assert.match(errors(deep).join(), /nested 10 levels deep; the limit is 8/);
  const viaFragment = `fragment P on Pool { markets { pool { markets { pool { markets { pool { markets { id } } } } } } } } { pool(id: "0x") { ...P } }`;
  assert.match(errors(viaFragment).join(), /levels deep/);
  assert.equal(measureDocument(parse(`{ pools { nodes { id } } }`)).get('')!.depth, 3);
});

test('too many aliases', () => {
  const q = `{ ${Array.from({ length: 6 }, (_, i) => `a${i}: indexingStatus { lagBlocks }`).join(' ')} }`;
  assert.match(errors(q).join(), /6 aliases; the limit is 5/);
});

test('cost multiplies page sizes: large pages of nested lists are refused', () => {
  assert.match(errors(`{ positions(first: 1000) { nodes { trades(first: 1000) { nodes { id } } } } }`).join(), /may resolve about \d+ fields/);
  assert.deepEqual(errors(`{ positions(first: 1000) { nodes { id margin } } }`), []);
});
