// An HTTP proxy for JSON-RPC between a client (gnd, the API) and a node
// (anvil) that injects faults: delays, dropped connections, HTTP 500s and
// JSON-RPC errors, with a seeded random choice per request, or everything
// broken at once. Used by the reliability tests; set `faults` at any time.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Faults {
  /** Added latency per request (ms). */
  delayMs?: number;
  /** Probability of closing the connection without an answer. */
  dropRate?: number;
  /** Probability of an HTTP 500. */
  httpErrorRate?: number;
  /** Probability of a JSON-RPC error object (HTTP 200). */
  rpcErrorRate?: number;
  /** Every request fails (connection dropped). */
  down?: boolean;
}

export interface FaultProxy {
  url: string;
  /** Where requests go (may be set after start, e.g. once anvil's port is known). */
  target: string;
  faults: Faults;
  counts: {
    forwarded: number;
    dropped: number;
    httpErrors: number;
    rpcErrors: number;
  };
  close(): Promise<void>;
}

/** mulberry32: a small seeded PRNG. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function startFaultProxy(target: string, opts: { port?: number; seed?: number } = {}): Promise<FaultProxy> {
  const random = seededRandom(opts.seed ?? 1);
  const proxy: FaultProxy = {
    url: '',
    target,
    faults: {},
    counts: { forwarded: 0, dropped: 0, httpErrors: 0, rpcErrors: 0 },
    close: async () => {},
  };
  const read = (req: IncomingMessage) =>
    new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await read(req);
    const f = proxy.faults;
    if (f.delayMs) await new Promise((r) => setTimeout(r, f.delayMs));
    if (f.down || random() < (f.dropRate ?? 0)) {
      proxy.counts.dropped++;
      req.socket.destroy();
      return;
    }
    if (random() < (f.httpErrorRate ?? 0)) {
      proxy.counts.httpErrors++;
      res.writeHead(500, { 'content-type': 'text/plain' }).end('injected fault');
      return;
    }
    if (random() < (f.rpcErrorRate ?? 0)) {
      proxy.counts.rpcErrors++;
      let ids: unknown = null;
      try {
        const parsed = JSON.parse(body.toString('utf8'));
        ids = Array.isArray(parsed) ? parsed.map((p) => p?.id ?? null) : (parsed?.id ?? null);
      } catch {
        /* not JSON */
      }
      const error = (id: unknown) => ({
        jsonrpc: '2.0',
        id,
        error: { code: -32603, message: 'injected fault: internal error' },
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(Array.isArray(ids) ? ids.map(error) : error(ids)));
      return;
    }
    try {
      const upstream = await fetch(proxy.target, {
        method: req.method,
        headers: {
          'content-type': req.headers['content-type'] ?? 'application/json',
        },
        body: req.method === 'GET' || req.method === 'HEAD' ? undefined : new Uint8Array(body),
      });
      const text = Buffer.from(await upstream.arrayBuffer());
      proxy.counts.forwarded++;
      res
        .writeHead(upstream.status, {
          'content-type': upstream.headers.get('content-type') ?? 'application/json',
        })
        .end(text);
    } catch {
      res.writeHead(502).end('upstream unavailable');
    }
  };
  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}
