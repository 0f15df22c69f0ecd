import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GraphQLError } from 'graphql';
import { decodeCursor, encodeCursor, parseAddress, parseFirst } from './args.ts';

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof GraphQLError, 'expected a GraphQLError');
    return err.extensions.code as string;
  }
  return undefined;
}

test('parseAddress accepts checksummed and lower-case addresses as 20 bytes', () => {
  const lower = parseAddress('0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266', 'id');
  const checksummed = parseAddress('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266', 'id');
  assert.equal(lower.length, 20);
  assert.deepEqual(lower, checksummed);
});

test('parseAddress rejects malformed addresses with BAD_USER_INPUT', () => {
  for (const bad of ['', '0x', '0x123', 'f39fd6e51aad88f6f4ce6ab8827279cfffb92266', '0xZZ9fd6e51aad88f6f4ce6ab8827279cfffb92266', "0x'; drop table pool; --"]) {
    assert.equal(code(() => parseAddress(bad, 'id')), 'BAD_USER_INPUT', bad);
  }
});

test('parseFirst enforces 1..max', () => {
  assert.equal(parseFirst(1, 1000), 1);
  assert.equal(parseFirst(1000, 1000), 1000);
  assert.equal(code(() => parseFirst(0, 1000)), 'BAD_USER_INPUT');
  assert.equal(code(() => parseFirst(-5, 1000)), 'BAD_USER_INPUT');
  assert.equal(code(() => parseFirst(1001, 1000)), 'BAD_USER_INPUT');
  assert.equal(code(() => parseFirst(2 ** 31 - 1, 1000)), 'BAD_USER_INPUT');
});

test('cursors round-trip and foreign strings are rejected', () => {
  const id = Buffer.from('cafac3dd18ac6c6e92c921884f9e4176737c052c', 'hex');
  assert.deepEqual(decodeCursor(encodeCursor(id)), id);
  assert.equal(code(() => decodeCursor('not a cursor!')), 'BAD_USER_INPUT');
  assert.equal(code(() => decodeCursor('')), 'BAD_USER_INPUT');
});

import { decodeIntCursor, encodeIntCursor, parseBlock, parseMarketId, parsePrice, parseTimeRange, parseIntIn } from './args.ts';

test('a cursor of one list is refused by another', () => {
  const c = encodeIntCursor('trade', 42);
  assert.equal(decodeIntCursor('trade', c), 42n);
  assert.equal(code(() => decodeIntCursor('liquidity', c)), 'BAD_USER_INPUT');
  assert.equal(code(() => decodeCursor(c)), 'BAD_USER_INPUT');
  assert.equal(code(() => decodeIntCursor('trade', encodeCursor(Buffer.from('ab', 'hex')))), 'BAD_USER_INPUT');
});

test('blocks: non-negative and not beyond the indexed head', () => {
  assert.equal(parseBlock(undefined, 10), undefined);
  assert.equal(parseBlock(null, 10), undefined);
  assert.equal(parseBlock(10, 10), 10);
  assert.equal(parseBlock(0, 10), 0);
  assert.equal(code(() => parseBlock(-1, 10)), 'BAD_USER_INPUT');
  assert.equal(code(() => parseBlock(11, 10)), 'BAD_USER_INPUT');
  assert.equal(code(() => parseBlock(1, null)), 'BAD_USER_INPUT');
});

test('time ranges: from ≤ to, unix seconds', () => {
  assert.deepEqual(parseTimeRange(undefined, undefined, { from: 1, to: 2 }), { from: 1, to: 2 });
  assert.deepEqual(parseTimeRange(5, 5, { from: 1, to: 2 }), { from: 5, to: 5 });
  assert.equal(code(() => parseTimeRange(10, 5, { from: 1, to: 2 })), 'BAD_USER_INPUT');
  assert.equal(code(() => parseTimeRange(-1, 5, { from: 1, to: 2 })), 'BAD_USER_INPUT');
  assert.equal(code(() => parseTimeRange(0, 2 ** 41, { from: 1, to: 2 })), 'BAD_USER_INPUT');
});

test('market ids are 52 bytes of hex; prices positive decimals', () => {
  assert.equal(parseMarketId('0x' + 'ab'.repeat(52)).length, 52);
  for (const bad of ['0x' + 'ab'.repeat(20), 'BTC', '0x' + 'zz'.repeat(52)]) assert.equal(code(() => parseMarketId(bad)), 'BAD_USER_INPUT', bad);
  assert.equal(parsePrice('10500', 'p'), 10500n * 10n ** 18n);
  assert.equal(parsePrice('0.5', 'p'), 5n * 10n ** 17n);
  for (const bad of ['0', '-1', '1e3', 'abc', '0.0000000000000000001', '1' + '0'.repeat(40)]) assert.equal(code(() => parsePrice(bad, 'p')), 'BAD_USER_INPUT', bad);
  assert.equal(parseIntIn(5, 1, 1000, 'steps'), 5);
  assert.equal(code(() => parseIntIn(0, 1, 1000, 'steps')), 'BAD_USER_INPUT');
});

test('cursors of every kind: garbled, oversized or beyond int8 are BAD_USER_INPUT, never a SQL error', () => {
  const int = (kind: string, key: string) => Buffer.from(`${kind}:${key}`).toString('base64url');
  for (const kind of ['trade', 'liquidity', 'rate', 'rank']) {
    assert.equal(decodeIntCursor(kind, int(kind, '9223372036854775807')), 2n ** 63n - 1n, 'int8 max is a key');
    for (const bad of [int(kind, '9223372036854775808'), int(kind, '9999999999999999999'), int(kind, '1'.repeat(20)), int(kind, '-1'), int(kind, '1e3'), int(kind, ''), 'A'.repeat(201), int(kind, '1') + '=', '💥']) {
      assert.equal(code(() => decodeIntCursor(kind, bad)), 'BAD_USER_INPUT', `${kind}: ${bad.slice(0, 40)}`);
    }
  }
  for (const kind of ['id', 'position']) {
    assert.deepEqual(decodeCursor(encodeCursor(Buffer.alloc(64, 0xab), kind), kind), Buffer.alloc(64, 0xab));
    for (const bad of [encodeCursor(Buffer.alloc(65, 1), kind), int(kind, 'abc'), int(kind, 'AB'), int(kind, ''), 'x'.repeat(10_000)]) {
      assert.equal(code(() => decodeCursor(bad, kind)), 'BAD_USER_INPUT', `${kind}: ${bad.slice(0, 40)}`);
    }
  }
});
