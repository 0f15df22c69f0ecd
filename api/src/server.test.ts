import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GraphQLError } from 'graphql';
import { formatError } from './server.ts';

test('client errors keep their message and code', () => {
  const err = new GraphQLError('first must be at most 1000', { extensions: { code: 'BAD_USER_INPUT' } });
  const out = formatError({ message: err.message, extensions: { code: 'BAD_USER_INPUT' } }, err);
  assert.equal(out.message, 'first must be at most 1000');
  assert.equal(out.extensions?.code, 'BAD_USER_INPUT');
});

test('unexpected errors are hidden behind INTERNAL_SERVER_ERROR with no stack trace', () => {
  const original = new Error('relation "sgd1.pool" does not exist at /srv/api/src/pool.ts:10');
  const err = new GraphQLError(original.message, { originalError: original });
  const out = formatError({ message: err.message, extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['x'] } }, err);
  assert.equal(out.message, 'internal error');
  assert.equal(out.extensions?.code, 'INTERNAL_SERVER_ERROR');
  assert.equal(JSON.stringify(out).includes('sgd1'), false);
  assert.equal(JSON.stringify(out).includes('stacktrace'), false);
});

test('a lost database connection reads as STORE_UNAVAILABLE', () => {
  const original = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5433'), { code: 'ECONNREFUSED' });
  const err = new GraphQLError(original.message, { originalError: original });
  const out = formatError({ message: err.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, err);
  assert.equal(out.extensions?.code, 'STORE_UNAVAILABLE');
  assert.match(out.message, /unavailable/);
});

test("Apollo's refusals that carry a 4xx but no code (persisted-query hash mismatch, version) read as BAD_REQUEST with their message", () => {
  for (const message of ['provided sha does not match query', 'Unsupported persisted query version']) {
    const err = new GraphQLError(message, { extensions: { http: { status: 400 } } });
    const out = formatError({ message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, err);
    assert.deepEqual(out, { message, locations: undefined, extensions: { code: 'BAD_REQUEST' } });
  }
  // A coded error keeps its code; a 5xx without one stays hidden.
  const hidden = formatError({ message: 'boom', extensions: { code: 'INTERNAL_SERVER_ERROR' } }, new GraphQLError('boom', { extensions: { http: { status: 500 } } }));
  assert.equal(hidden.extensions?.code, 'INTERNAL_SERVER_ERROR');
  assert.equal(hidden.message, 'internal error');
});
