import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getIntrospectionQuery, parse } from 'graphql';
import { documentLimitErrors, measureDocument } from './limits.ts';

const limits = { maxDepth: 8, maxAliases: 5, maxCost: 10_000 };
const errors = (q: string) => documentLimitErrors(parse(q), limits).map((e) => `${e.extensions.limit}: ${e.message}`);
const only = (q: string) => measureDocument(parse(q)).get('')!;

/** n fragments, each spreading the previous one `k` times; F0 holds `leaf`. */
const dag = (n: number, k: number, leaf = '__typename') =>
  Array.from({ length: n }, (_, i) => (i === 0 ? `fragment F0 on Query { ${leaf} }` : `fragment F${i} on Query { ${Array(k).fill(`...F${i - 1}`).join(' ')} }`)).join('\n') + `\n{ ...F${n - 1} }`;

test('a fragment spread k times by each of n others expands to k^(n-1) fields, each fragment measured once', () => {
  for (const [n, k] of [
    [1, 2],
    [10, 2],
    [40, 2],
    [25, 3],
    [12, 7],
  ] as const) {
    assert.equal(only(dag(n, k)).fields, Math.min(1e15, k ** (n - 1)), `${n} fragments × ${k}`);
  }
  // 40 × 2 is 2^39 fields: refused by the field count, whatever else it holds.
  assert.match(errors(dag(40, 2)).join(), /^fields: the operation expands to more than 10000 fields/);
  assert.deepEqual(errors(dag(13, 2)), [], '2^12 fields pass a limit of 10,000');
});

test('depth counts fields, not fragments; introspection is not counted', () => {
  assert.equal(only(`{ pools { nodes { id } } }`).depth, 3);
  assert.equal(only(`{ ... on Query { ... on Query { pools { ... on PoolConnection { nodes { id } } } } } }`).depth, 3);
  const deep = `{ position(id: "0x") { market { pool { markets { pool { markets { pool { markets { pool { id } } } } } } } } } }`;
  assert.match(errors(deep).join(), /^depth: the operation is nested 10 levels deep; the limit is 8/);
  const viaFragment = `fragment P on Pool { markets { pool { markets { pool { markets { pool { markets { id } } } } } } } } { pool(id: "0x") { ...P } }`;
  assert.match(errors(viaFragment).join(), /nested 9 levels deep/);
  assert.deepEqual(errors(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true })), []);
  assert.equal(only(`{ __schema { types { fields { type { ofType { name } } } } } }`).depth, 0);
});

test('aliases count every time a fragment is spread; introspection fields count as fields', () => {
  const q = `{ ${Array.from({ length: 6 }, (_, i) => `a${i}: indexingStatus { lagBlocks }`).join(' ')} }`;
  assert.match(errors(q).join(), /^aliases: the operation uses 6 aliases; the limit is 5/);
  assert.equal(only(`fragment A on Query { x: __typename y: __typename } { ...A ...A ... on Query { ...A } }`).aliases, 6);
  assert.equal(only(`fragment A on Query { x: __typename y: __typename } { ...A ...A ... on Query { ...A } }`).fields, 6);
  assert.equal(only(`{ __schema { types { name fields { name } } } }`).fields, 5);
});

test('unknown and cyclic fragments expand to nothing here (validation reports them) and terminate', () => {
  assert.deepEqual(only(`fragment A on Query { ...B __typename } fragment B on Query { ...A } { ...A ...Missing }`), { depth: 0, aliases: 0, fields: 1 });
  assert.equal(only(`fragment A on Pool { markets { pool { ...A } } } { pool(id: "x") { ...A } }`).depth, 3);
});

test('each operation is measured; their fields together are bounded', () => {
  const op = (i: number) => `query Q${i} { ${Array.from({ length: 30 }, () => 'indexingStatus { lagBlocks }').join(' ')} }`;
  const doc = Array.from({ length: 200 }, (_, i) => op(i)).join('\n');
  assert.equal(measureDocument(parse(doc)).size, 200);
  assert.match(errors(doc).join(), /^fields: the document's 200 operations expand to more than 10000 fields/);
  assert.match(errors(`query Deep { a { b { c { d { e { f { g { h { i { j } } } } } } } } } }`).join(), /operation "Deep" is nested 10 levels deep/);
});
