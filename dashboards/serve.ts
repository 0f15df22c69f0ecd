// Serves the built dashboards (dashboards/dist) on their own, e.g. in the
// dashboards container of docker-compose.yml:
//   node --import tsx dashboards/serve.ts
// Environment: API_PUBLIC_URL (the API's GraphQL URL as the browser reaches
// it; default http://127.0.0.1:4000/graphql), DASHBOARDS_PORT (default 5173),
// DASHBOARDS_HOST (default 127.0.0.1; 0.0.0.0 in a container),
// DASHBOARDS_DIST (default dashboards/dist next to this file).
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDashboardsServer } from '../stack/src/dashboards-server.ts';

export interface ServeOptions {
  distDir: string;
  port: number;
  host: string;
  apiUrl: string;
}

export function serveOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): ServeOptions {
  const rawPort = env.DASHBOARDS_PORT || '5173';
  const port = Number(rawPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`DASHBOARDS_PORT must be a port number (0-65535), got "${rawPort}"`);
  const apiUrl = env.API_PUBLIC_URL || 'http://127.0.0.1:4000/graphql';
  try {
    const u = new URL(apiUrl);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http(s)');
  } catch {
    throw new Error(`API_PUBLIC_URL must be the API's GraphQL URL as the browser reaches it, e.g. https://api.example.org/graphql; got "${apiUrl}"`);
  }
  return {
    distDir: resolve(env.DASHBOARDS_DIST || join(dirname(fileURLToPath(import.meta.url)), 'dist')),
    port,
    host: env.DASHBOARDS_HOST || '127.0.0.1',
    apiUrl,
  };
}

async function main() {
  const opts = serveOptionsFromEnv();
  const server = await startDashboardsServer(opts);
  console.log(JSON.stringify({ time: new Date().toISOString(), level: 'info', msg: 'dashboards listening', url: server.url, apiUrl: opts.apiUrl }));
  const stop = async (signal: string) => {
    console.log(JSON.stringify({ time: new Date().toISOString(), level: 'info', msg: `received ${signal}, shutting down` }));
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(`dashboards: ${(err as Error).message}`);
    process.exit(1);
  });
}
