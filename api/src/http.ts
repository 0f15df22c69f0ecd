// Apollo Server on Node's own http module: POST/GET /graphql, plus /health
// (the process is up) and /ready (the store answers and the subgraph is
// deployed). Bodies are size-capped and malformed JSON gets a GraphQL-shaped
// 400, never a stack trace.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { ApiContext } from './context.ts';

const MAX_BODY_BYTES = 1_000_000;

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(Object.assign(new Error(`request body over ${MAX_BODY_BYTES} bytes`), { status: 413 }));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const cors = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'content-type, apollo-require-preflight',
};

export function createHttpServer(
  apollo: ApolloServer<ApiContext>,
  makeContext: () => ApiContext,
  probes: { ready: () => Promise<{ ok: boolean; detail: string }> },
  log: (entry: Record<string, unknown>) => void,
): Server {
  return createServer(async (req, res) => {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      if (req.method === 'OPTIONS') return send(res, 204, '', cors);
      if (url.pathname === '/health') return send(res, 200, { status: 'ok' }, cors);
      if (url.pathname === '/ready') {
        const r = await probes.ready();
        return send(res, r.ok ? 200 : 503, { status: r.ok ? 'ready' : 'not ready', detail: r.detail }, cors);
      }
      if (url.pathname !== '/graphql') return send(res, 404, { errors: [{ message: 'not found: the GraphQL endpoint is /graphql', extensions: { code: 'NOT_FOUND' } }] }, cors);

      let body: unknown = undefined;
      if (req.method === 'POST') {
        const raw = await readBody(req);
        try {
          body = raw.length ? JSON.parse(raw) : {};
        } catch {
          return send(res, 400, { errors: [{ message: 'request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] }, cors);
        }
      }
      const headers = new HeaderMap();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
      // Browsers' simple requests are allowed: this API is read-only and public.
      if (!headers.get('content-type') && req.method === 'POST') headers.set('content-type', 'application/json');
      headers.set('apollo-require-preflight', 'true');
      const result = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
        context: async () => makeContext(),
      });
      const outHeaders: Record<string, string> = { ...cors };
      for (const [k, v] of result.headers) outHeaders[k] = v;
      res.writeHead(result.status ?? 200, outHeaders);
      if (result.body.kind === 'complete') res.end(result.body.string);
      else {
        for await (const chunk of result.body.asyncIterator) res.write(chunk);
        res.end();
      }
    } catch (err) {
      const status = (err as { status?: number }).status ?? 500;
      log({ level: 'error', msg: 'request failed', path: url.pathname, error: (err as Error).message });
      if (!res.headersSent) send(res, status, { errors: [{ message: status === 413 ? (err as Error).message : 'internal error', extensions: { code: status === 413 ? 'PAYLOAD_TOO_LARGE' : 'INTERNAL_SERVER_ERROR' } }] }, cors);
    } finally {
      log({ level: 'info', msg: 'request', method: req.method, path: url.pathname, status: res.statusCode, ms: Math.round(performance.now() - started) });
    }
  });
}
