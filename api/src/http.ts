// Apollo Server on Node's own http module: POST/GET /graphql, plus /health
// (the process is up) and /ready (the store answers and the subgraph is
// deployed). Bodies are size-capped and malformed JSON gets a GraphQL-shaped
// 400, never a stack trace. Browser pages are held to browser-access.ts:
// origins and host names outside the lists are refused, a POST must be
// application/json (what a page can send without a CORS preflight —
// text/plain, forms — is refused with 415), and Apollo's CSRF prevention
// refuses a GET without a preflight-forcing header.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { ApiContext } from './context.ts';
import type { CachedResponse, ResponseCache } from './cache/response-cache.ts';
import { browserAccess, type BrowserAccess } from './browser-access.ts';
import { ErrorCode } from './errors.ts';
import { jsonBodyRefusal } from './json-body.ts';

/**
 * A query is at most API_MAX_TOKENS tokens and the variables of this API's
 * fields are scalars: 100 KB is 30× the dashboards' largest request. Larger
 * bodies only cost memory and garbage collection (bench/hostile-input.md).
 */
const MAX_BODY_BYTES = 100_000;
function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        // Stop reading (the rest stays in the kernel's buffers, costing this process nothing) and answer 413
        // on a connection that then closes: the client reads the answer while its upload stalls. Reading
        // the rest to drop it cost a garbage-collection pause per few megabytes (bench/hostile-input.md).
        chunks.length = 0;
        req.off('data', onData);
        req.pause();
        reject(Object.assign(new Error(`request body over ${MAX_BODY_BYTES} bytes: a GraphQL request of this API is a query and a few variables`), { status: 413 }));
        return;
      }
      chunks.push(c);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const errorBody = (code: string, message: string) => ({ errors: [{ message, extensions: { code } }] });

/** The media type of a Content-Type header, lower case, without parameters. */
const mediaType = (header: string | undefined) => (header ?? '').split(';')[0]!.trim().toLowerCase();

export function createHttpServer(
  apollo: ApolloServer<ApiContext>,
  makeContext: () => ApiContext,
  probes: { ready: () => Promise<{ ok: boolean; detail: string; rpc?: string; rpcDetail?: string }> },
  log: (entry: Record<string, unknown>) => void,
  /** Optional whole-response cache (cache/response-cache.ts). */
  responses?: ResponseCache,
  /** Which browser pages and host names may use the API (default: browser-access.ts's, as on loopback). */
  access: BrowserAccess = browserAccess({ listenHost: '127.0.0.1' }),
): Server {
  return createServer(async (req, res) => {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const origin = req.headers.origin;
    const cors = access.corsHeaders(origin, false);
    try {
      const refused = access.refusal({ origin, host: req.headers.host });
      if (refused) return send(res, 403, errorBody(refused.code, refused.message));
      if (req.method === 'OPTIONS') return send(res, 204, '', access.corsHeaders(origin, true));
      if (url.pathname === '/health') return send(res, 200, { status: 'ok' }, cors);
      if (url.pathname === '/ready') {
        const r = await probes.ready();
        const { ok, ...rest } = r;
        return send(res, ok ? 200 : 503, { status: ok ? 'ready' : 'not ready', ...rest }, cors);
      }
      if (url.pathname !== '/graphql') return send(res, 404, errorBody(ErrorCode.NotFound, 'not found: the GraphQL endpoint is /graphql'), cors);

      let body: unknown = undefined;
      let raw: string | undefined;
      if (req.method === 'POST') {
        const type = mediaType(req.headers['content-type']);
        raw = await readBody(req);
        if (type !== 'application/json') {
          return send(
            res,
            415,
            errorBody(ErrorCode.UnsupportedMediaType, `POST /graphql takes a JSON body with content-type: application/json, not ${type ? `"${type.slice(0, 100)}"` : 'a body without a content type'}`),
            cors,
          );
        }
        const refusal = jsonBodyRefusal(raw);
        if (refusal) return send(res, 400, errorBody(ErrorCode.BadRequest, `${refusal}: a GraphQL request is an object with a query and a few variables`), cors);
        try {
          body = raw.length ? JSON.parse(raw) : {};
        } catch {
          return send(res, 400, errorBody(ErrorCode.BadRequest, 'request body is not valid JSON'), cors);
        }
      }
      const headers = new HeaderMap();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
      const execute = async (): Promise<CachedResponse & { stream?: AsyncIterableIterator<string> }> => {
        const ctx = makeContext();
        const result = await apollo.executeHTTPGraphQLRequest({
          httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
          context: async () => ctx,
        });
        // CORS headers are the request's own (added below), not part of a shared answer.
        const outHeaders: Record<string, string> = {};
        for (const [k, v] of result.headers) outHeaders[k] = v;
        if (result.body.kind !== 'complete') return { status: result.status ?? 200, headers: outHeaders, body: '', uncacheable: true, stream: result.body.asyncIterator };
        // Answers with errors are not shared (the first bytes say: {"errors" or {"data":…,"errors"), nor
        // those a resolver marked (ctx.answer.noStore).
        return { status: result.status ?? 200, headers: outHeaders, body: result.body.string, uncacheable: ctx.answer.noStore || result.body.string.includes('"errors":[') };
      };
      const out = responses && raw !== undefined ? await responses.run(raw, headers.get('accept') ?? '', execute) : await execute();
      res.writeHead(out.status, { ...out.headers, ...cors });
      const stream = (out as { stream?: AsyncIterableIterator<string> }).stream;
      if (!stream) res.end(out.body);
      else {
        for await (const chunk of stream) res.write(chunk);
        res.end();
      }
    } catch (err) {
      const status = (err as { status?: number }).status ?? 500;
      log({ level: 'error', msg: 'request failed', path: url.pathname, error: (err as Error).message });
      if (!res.headersSent) {
        const tooLarge = status === 413;
        send(res, status, errorBody(tooLarge ? ErrorCode.PayloadTooLarge : 'INTERNAL_SERVER_ERROR', tooLarge ? (err as Error).message : 'internal error'), tooLarge ? { ...cors, connection: 'close' } : cors);
      }
    } finally {
      log({ level: 'info', msg: 'request', method: req.method, path: url.pathname, status: res.statusCode, ms: Math.round(performance.now() - started) });
    }
  });
}
