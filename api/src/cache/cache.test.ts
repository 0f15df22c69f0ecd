// The in-process caches: de-duplication of concurrent computations, no
// caching of failures or error answers, keys that include the state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResultCache } from './result-cache.ts';
import { ResponseCache } from './response-cache.ts';

test('ResultCache: one computation per key, failures retried, bounded', async () => {
  const c = new ResultCache<number>(2);
  let runs = 0;
  const slow = () => new Promise<number>((r) => setTimeout(() => r(++runs), 10));
  const [a, b] = await Promise.all([c.get('k', slow), c.get('k', slow)]);
  assert.equal(a, 1);
  assert.equal(b, 1);
  assert.equal(runs, 1);
  await assert.rejects(c.get('bad', () => Promise.reject(new Error('x'))));
  assert.equal(await c.get('bad', async () => 7), 7, 'a failure is not cached');
  await c.get('third', async () => 3);
  assert.equal(await c.get('k', async () => 99), 99, 'least recently used entry evicted');
});

test('ResponseCache: shares answers per state, never errors or answers marked uncacheable', async () => {
  let state: string | undefined = 'h1';
  const c = new ResponseCache(async () => state);
  let runs = 0;
  const ok = async () => ({ status: 200, headers: {}, body: `{"data":${++runs}}` });
  assert.equal((await c.run('{"query":"{a}"}', '', ok)).cache, 'miss');
  const hit = await c.run('{"query":"{a}"}', '', ok);
  assert.equal(hit.cache, 'hit');
  assert.equal(hit.body, '{"data":1}');
  state = 'h2';
  assert.equal((await c.run('{"query":"{a}"}', '', ok)).body, '{"data":2}', 'a new head is a new key');
  const err = async () => ({ status: 200, headers: {}, body: '{"errors":[{}]}', uncacheable: true });
  await c.run('{"query":"{b}"}', '', err);
  assert.equal((await c.run('{"query":"{b}"}', '', ok)).cache, 'miss', 'errors are not stored');
  const marked = async () => ({ status: 200, headers: {}, body: `{"data":${++runs}}`, uncacheable: true });
  await c.run('{"query":"{ indexingStatus { lagBlocks } }"}', '', marked);
  assert.equal((await c.run('{"query":"{ indexingStatus { lagBlocks } }"}', '', marked)).cache, 'miss', 'an answer marked uncacheable is not stored');
  state = undefined;
  assert.equal((await c.run('{"query":"{a}"}', '', ok)).cache, 'bypass', 'no state (e.g. RPC degraded): not cached');
});

test('ResultCache: "no such row" is an answer too, and an entry evicted while computing still answers its waiters', async () => {
  const c = new ResultCache<string | undefined>(1);
  let runs = 0;
  assert.equal(await c.get('missing', async () => (runs++, undefined)), undefined);
  assert.equal(await c.get('missing', async () => (runs++, 'x')), undefined, 'undefined was stored');
  assert.equal(runs, 1);
  let release!: (v: string) => void;
  const slow = c.get('slow', () => new Promise<string>((r) => (release = r)));
  const joined = c.get('slow', async () => 'never run');
  await c.get('other', async () => 'evicts slow'); // max 1: evicts the computation under way
  release('done');
  assert.deepEqual(await Promise.all([slow, joined]), ['done', 'done']);
});

test('ResponseCache: concurrent identical requests run once, also when the answer is not stored', async () => {
  const c = new ResponseCache(async () => 'h');
  let runs = 0;
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const errorAnswer = async () => {
    runs++;
    await gate;
    return { status: 200, headers: {}, body: '{"errors":[{"message":"bad"}]}', uncacheable: true };
  };
  const all = Promise.all([c.run('{"q":1}', '', errorAnswer), c.run('{"q":1}', '', errorAnswer), c.run('{"q":1}', '', errorAnswer)]);
  await new Promise((r) => setImmediate(r));
  release();
  const answers = await all;
  assert.equal(runs, 1, 'one execution for three requests');
  assert.deepEqual(answers.map((a) => [a.body, a.cache]), [['{"errors":[{"message":"bad"}]}', 'miss'], ['{"errors":[{"message":"bad"}]}', 'hit'], ['{"errors":[{"message":"bad"}]}', 'hit']]);
  assert.equal((await c.run('{"q":1}', '', async () => ({ status: 200, headers: {}, body: '{"data":2}' }))).body, '{"data":2}', 'then executed again');
  const failing = c.run('{"q":2}', '', async () => Promise.reject(new Error('store down')));
  await assert.rejects(failing, /store down/);
  assert.equal((await c.run('{"q":2}', '', async () => ({ status: 200, headers: {}, body: 'ok' }))).cache, 'miss', 'a failure is not stored');
  assert.equal((await c.run('{"q":3}', '', async () => ({ status: 500, headers: {}, body: 'x' }))).cache, 'miss');
  assert.equal((await c.run('{"q":3}', '', async () => ({ status: 200, headers: {}, body: 'y' }))).body, 'y', 'a non-200 answer is not stored');
});

test('ResponseCache: bounded by bytes of key and body, least recently used out; large bodies bypass', async () => {
  const c = new ResponseCache(async () => 's', 100, 1000);
  const answer = (body: string) => async () => ({ status: 200, headers: {}, body });
  await c.run('a', '', answer('A'.repeat(400)));
  await c.run('b', '', answer('B'.repeat(400)));
  assert.equal((await c.run('a', '', answer('new'))).cache, 'hit', 'a is now the most recent');
  await c.run('c', '', answer('C'.repeat(400))); // 3 × ~405 bytes > 1000: the least recent (b) goes
  assert.equal((await c.run('a', '', answer('new'))).cache, 'hit');
  assert.equal((await c.run('b', '', answer('B2'))).body, 'B2', 'b was evicted');
  const big = await c.run('x'.repeat(64 * 1024 + 1), '', answer('big'));
  assert.equal(big.cache, 'bypass');
});
