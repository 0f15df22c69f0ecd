import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GraphQLError } from 'graphql';
import { decodeCursor, encodeCursor, parseAddress, parseFirst } from '../src/args.ts';

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
