// The HTTP layer with a real Apollo Server and the response cache: identical
// requests at one state share an answer, and an answer a resolver marks
// ctx.answer.noStore (as indexingStatus does) is executed for every request.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { ApolloServer } from '@apollo/server';
import type { ApiContext } from './context.ts';
import { ResponseCache } from './cache/response-cache.ts';
import { createHttpServer } from './http.ts';

test('response cache: shared answers, except those a resolver marks noStore', async () => {
  const calls = { stored: 0, live: 0 };
  const apollo = new ApolloServer<ApiContext>({
    typeDefs: 'type Query { stored: Int! live: Int! }',
    resolvers: {
      Query: {
        stored: () => ++calls.stored,
        live: (_: unknown, __: unknown, ctx: ApiContext) => {
          ctx.answer.noStore = true;
          return ++calls.live;
        },
      },
    },
  });
  await apollo.start();
  const responses = new ResponseCache(async () => 'head-1');
  const server = createHttpServer(apollo, () => ({ answer: { noStore: false } }) as ApiContext, { ready: async () => ({ ok: true, detail: '' }) }, () => {}, responses);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  const ask = async (query: string) => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    assert.equal(res.status, 200);
    return ((await res.json()) as { data: Record<string, number> }).data;
  };
  try {
    assert.deepEqual(await ask('{ stored }'), { stored: 1 });
    assert.deepEqual(await ask('{ stored }'), { stored: 1 }, 'the second identical request is the stored answer');
    assert.equal(calls.stored, 1);
    assert.deepEqual(await ask('{ live }'), { live: 1 });
    assert.deepEqual(await ask('{ live }'), { live: 2 }, 'a noStore answer is executed again');
    assert.deepEqual(await ask('{ stored live }'), { stored: 2, live: 3 }, 'one noStore field keeps the whole answer out of the cache');
    assert.deepEqual(await ask('{ stored live }'), { stored: 3, live: 4 });
    assert.equal(responses.hits, 1);
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
    await apollo.stop();
  }
});
