import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seededRandom } from '../../stack/src/rpc-fault-proxy.ts';
import { jsonBodyRefusal } from './json-body.ts';

/** Random JSON values: nested arrays and objects, strings full of quotes, backslashes and brackets. */
function randomJson(rnd: () => number, depth: number): unknown {
  const r = rnd();
  if (depth <= 0 || r < 0.3) return ['"', '\\', '\\"', '[{', '}]', ':', ',', 'plain', '\\\\"'][Math.floor(rnd() * 9)]!.repeat(1 + Math.floor(rnd() * 3));
  if (r < 0.6) return Array.from({ length: Math.floor(rnd() * 4) }, () => randomJson(rnd, depth - 1));
  return Object.fromEntries(Array.from({ length: Math.floor(rnd() * 4) }, (_, i) => [`k${i}"[`, randomJson(rnd, depth - 1)]));
}

/** Nesting and item count as JSON.parse sees them. */
function measure(v: unknown): { depth: number; items: number } {
  if (Array.isArray(v)) {
    const inner = v.map(measure);
    return { depth: 1 + Math.max(0, ...inner.map((m) => m.depth)), items: 1 + Math.max(0, v.length - 1) + inner.reduce((a, m) => a + m.items, 0) };
  }
  if (v && typeof v === 'object') {
    const entries = Object.values(v);
    const inner = entries.map(measure);
    return { depth: 1 + Math.max(0, ...inner.map((m) => m.depth)), items: 1 + entries.length + Math.max(0, entries.length - 1) + inner.reduce((a, m) => a + m.items, 0) };
  }
  return { depth: 0, items: 0 };
}

test('the scan measures nesting and values as the parsed JSON has them, strings and escapes skipped', () => {
  const rnd = seededRandom(5);
  for (let i = 0; i < 2000; i++) {
    const value = randomJson(rnd, 1 + Math.floor(rnd() * 8));
    const text = JSON.stringify(value);
    const { depth, items } = measure(value);
    assert.equal(jsonBodyRefusal(text, depth, items), undefined, text);
    if (depth > 0) assert.match(jsonBodyRefusal(text, depth - 1, items) ?? '', /deeper than/, text);
    if (items > 0) assert.match(jsonBodyRefusal(text, depth, items - 1) ?? '', /more than \d+ JSON values/, text);
  }
});

test('deep or crowded bodies are refused; a request of this API passes', () => {
  assert.match(jsonBodyRefusal('['.repeat(500_000) + ']'.repeat(500_000))!, /deeper than 64 levels/);
  assert.match(jsonBodyRefusal('{"a":'.repeat(100) + '1' + '}'.repeat(100))!, /deeper than 64/);
  assert.match(jsonBodyRefusal(`[${Array(20_000).fill('{}').join(',')}]`)!, /more than 10000 JSON values/);
  assert.equal(jsonBodyRefusal(JSON.stringify({ query: '{ pools { nodes { id } } }'.repeat(30_000), variables: { a: 1, b: '[[[[' }, extensions: { persistedQuery: { version: 1, sha256Hash: 'ab' } } })), undefined);
  assert.equal(jsonBodyRefusal('{"query": "unterminated'), undefined, 'left to JSON.parse, which refuses it');
});
