// Serves the built dashboards (dashboards/dist) and /config.json telling the
// page where the API is. Static files only; the page talks to the API itself.
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
};

export async function startDashboardsServer(opts: { distDir: string; port: number; host?: string; apiUrl: string }): Promise<{ url: string; close(): Promise<void> }> {
  if (!existsSync(join(opts.distDir, 'index.html'))) throw new Error(`dashboards are not built (${opts.distDir}/index.html missing): run \`npm run build -w dashboards\``);
  const config = JSON.stringify({ apiUrl: opts.apiUrl });
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/config.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      return res.end(config);
    }
    const file = normalize(join(opts.distDir, path));
    // Unknown paths fall back to index.html (client-side routes); nothing outside dist is served.
    const target = file.startsWith(opts.distDir) && existsSync(file) && statSync(file).isFile() ? file : join(opts.distDir, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[extname(target)] ?? 'application/octet-stream', 'cache-control': target.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache' });
    res.end(readFileSync(target));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://${opts.host ?? '127.0.0.1'}:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}
