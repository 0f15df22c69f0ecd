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

// ---------------------------------------------------------------- browser access

import { request } from 'node:http';
import { browserAccess } from './browser-access.ts';

/** One request with exactly these headers (fetch would add or refuse Host and Origin). */
function raw(port: number, method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; json: any }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, json: text ? JSON.parse(text) : undefined }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function withServer(access: Parameters<typeof browserAccess>[0], fn: (port: number, calls: { n: number }) => Promise<void>) {
  const calls = { n: 0 };
  const apollo = new ApolloServer<ApiContext>({ typeDefs: 'type Query { n: Int! }', resolvers: { Query: { n: () => ++calls.n } } });
  await apollo.start();
  const server = createHttpServer(apollo, () => ({ answer: { noStore: false } }) as ApiContext, { ready: async () => ({ ok: true, detail: '' }) }, () => {}, new ResponseCache(async () => 'head'), browserAccess(access));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    await fn((server.address() as AddressInfo).port, calls);
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
    await apollo.stop();
  }
}

const QUERY = JSON.stringify({ query: '{ n }' });

test('a POST runs only as application/json: what a page can send without a preflight gets 415 and runs nothing', async () => {
  await withServer({ listenHost: '127.0.0.1' }, async (port, calls) => {
    for (const type of ['text/plain', 'text/plain;charset=UTF-8', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'application/graphql', undefined]) {
      const r = await raw(port, 'POST', '/graphql', type ? { 'content-type': type } : {}, QUERY);
      assert.equal(r.status, 415, String(type));
      assert.equal(r.json.errors[0].extensions.code, 'UNSUPPORTED_MEDIA_TYPE');
      assert.match(r.json.errors[0].message, /content-type: application\/json/);
    }
    assert.equal(calls.n, 0, 'nothing was executed');
    const ok = await raw(port, 'POST', '/graphql', { 'content-type': 'Application/JSON; charset=utf-8' }, QUERY);
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.json, { data: { n: 1 } });
  });
});

test("a GET runs only with a preflight-forcing header (Apollo's CSRF prevention)", async () => {
  await withServer({ listenHost: '127.0.0.1' }, async (port, calls) => {
    const path = `/graphql?query=${encodeURIComponent('{ n }')}`;
    const bare = await raw(port, 'GET', path, {});
    assert.equal(bare.status, 400);
    assert.equal(bare.json.errors[0].extensions.code, 'BAD_REQUEST');
    assert.match(bare.json.errors[0].message, /Cross-Site Request Forgery/);
    assert.equal((await raw(port, 'GET', path, { 'content-type': 'text/plain' })).status, 400);
    assert.equal(calls.n, 0);
    const ok = await raw(port, 'GET', path, { 'apollo-require-preflight': 'true' });
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.json, { data: { n: 1 } });
  });
});

test('CORS is an allow-list: a listed origin is answered with its own name, any other is refused with 403', async () => {
  await withServer({ listenHost: '127.0.0.1', corsOrigins: ['http://127.0.0.1:5173', 'https://dash.example'] }, async (port, calls) => {
    const json = { 'content-type': 'application/json' };
    for (const origin of ['http://127.0.0.1:5173', 'https://dash.example']) {
      const pre = await raw(port, 'OPTIONS', '/graphql', { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' });
      assert.equal(pre.status, 204);
      assert.equal(pre.headers['access-control-allow-origin'], origin);
      assert.match(String(pre.headers['access-control-allow-headers']), /content-type/);
      const r = await raw(port, 'POST', '/graphql', { ...json, origin }, QUERY);
      assert.equal(r.status, 200);
      assert.equal(r.headers['access-control-allow-origin'], origin, 'the cached answer carries the asking origin, not the first one');
      assert.equal(r.headers.vary, 'Origin');
    }
    assert.equal(calls.n, 1, 'the second origin got the shared answer');
    for (const origin of ['https://evil.example', 'http://localhost:5173', 'null', 'http://127.0.0.1:5173.evil.example']) {
      for (const [method, headers, body] of [
        ['OPTIONS', { 'access-control-request-method': 'POST' }, undefined],
        ['POST', json, QUERY],
        ['GET', { 'apollo-require-preflight': '1' }, undefined],
      ] as const) {
        const r = await raw(port, method, method === 'GET' ? `/graphql?query=${encodeURIComponent('{ n }')}` : '/graphql', { ...headers, origin }, body);
        assert.equal(r.status, 403, `${method} from ${origin}`);
        assert.equal(r.json.errors[0].extensions.code, 'ORIGIN_NOT_ALLOWED');
        assert.match(r.json.errors[0].message, /API_CORS_ORIGINS/);
        assert.equal(r.headers['access-control-allow-origin'], undefined);
      }
    }
    assert.equal(calls.n, 1, 'refused requests ran nothing');
    assert.equal((await raw(port, 'POST', '/graphql', json, QUERY)).status, 200, 'requests without an Origin (servers, curl) are not browsers: they pass');
  });
  await withServer({ listenHost: '127.0.0.1', corsOrigins: '*' }, async (port) => {
    const r = await raw(port, 'POST', '/graphql', { 'content-type': 'application/json', origin: 'https://any.example' }, QUERY);
    assert.equal(r.status, 200);
    assert.equal(r.headers['access-control-allow-origin'], '*', "'*' only when the operator sets it");
  });
});

test('on loopback, a Host that does not name the API (DNS rebinding) is refused with 403', async () => {
  await withServer({ listenHost: '127.0.0.1' }, async (port, calls) => {
    const get = (host: string) => raw(port, 'GET', `/graphql?query=${encodeURIComponent('{ n }')}`, { host, 'apollo-require-preflight': '1' });
    for (const host of ['attacker.example', `attacker.example:${port}`, `127.0.0.1.attacker.example:${port}`, 'localhost.attacker.example']) {
      const r = await get(host);
      assert.equal(r.status, 403, host);
      assert.equal(r.json.errors[0].extensions.code, 'HOST_NOT_ALLOWED');
      assert.match(r.json.errors[0].message, /API_ALLOWED_HOSTS/);
    }
    assert.equal(calls.n, 0);
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, '127.0.0.2']) assert.equal((await get(host)).status, 200, host);
  });
  await withServer({ listenHost: '127.0.0.1', allowedHosts: ['api.example'] }, async (port) => {
    assert.equal((await raw(port, 'GET', '/health', { host: 'api.example' })).status, 200);
    assert.equal((await raw(port, 'GET', '/health', { host: 'other.example' })).status, 403);
  });
  await withServer({ listenHost: '0.0.0.0' }, async (port) => {
    assert.equal((await raw(port, 'GET', '/health', { host: 'api.example' })).status, 200, 'listening beyond loopback without a list: any name');
  });
});

test('a JSON body nested too deep or holding too many values is refused before it is parsed', async () => {
  await withServer({ listenHost: '127.0.0.1' }, async (port, calls) => {
    const json = { 'content-type': 'application/json' };
    for (const body of [`{"query":"{ n }","variables":{"v":${'['.repeat(40_000)}${']'.repeat(40_000)}}}`, `{"query":"{ n }","variables":{"v":[${Array(20_000).fill('{}').join(',')}]}}`]) {
      const r = await raw(port, 'POST', '/graphql', json, body);
      assert.equal(r.status, 400);
      assert.equal(r.json.errors[0].extensions.code, 'BAD_REQUEST');
      assert.match(r.json.errors[0].message, /deeper than 64 levels|more than 10000 JSON values/);
    }
    assert.equal(calls.n, 0);
  });
});

test('a body over the cap is answered 413 while the client still sends, not with a reset connection', async () => {
  await withServer({ listenHost: '127.0.0.1' }, async (port) => {
    for (const kb of [101, 1000, 8000, 30_000]) {
      const r = await raw(port, 'POST', '/graphql', { 'content-type': 'application/json' }, JSON.stringify({ query: '{ n }', pad: 'x'.repeat(kb * 1000) }));
      assert.equal(r.status, 413, `${kb} KB`);
      assert.equal(r.json.errors[0].extensions.code, 'PAYLOAD_TOO_LARGE');
    }
  });
});
