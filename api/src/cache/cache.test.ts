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
