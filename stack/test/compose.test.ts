// docker-compose.yml is valid (checked with Debian's docker-compose 1.29,
// which needs no Docker engine) and keeps its promises: a C-locale Postgres
// with the extensions, graph-node wired to Postgres, IPFS and the chain from
// the environment, every host port on 127.0.0.1 by default, and passwords
// required instead of defaulted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { repoRoot } from '../src/paths.ts';

const run = promisify(execFile);
const composeFile = join(repoRoot, 'docker-compose.yml');
const SECRETS = { POSTGRES_PASSWORD: 'pg-secret', API_DB_PASSWORD: 'api-secret' };
// docker-compose 1.29 wants a regular file for --env-file.
const emptyEnvFile = join(mkdtempSync(join(tmpdir(), 'pvp-compose-')), 'empty.env');
writeFileSync(emptyEnvFile, '');

/** docker-compose on PATH, or a failure saying how to install it. */
function dockerCompose(): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, 'docker-compose'))) return join(dir, 'docker-compose');
  }
  assert.fail('docker-compose is not installed: `apt-get install docker-compose` (Debian\'s docker-compose 1.29 validates docker-compose.yml without a Docker engine; CI installs it in .ci/run)');
}

/**
 * `docker-compose config` with only the given variables: no .env from the
 * repository (an empty --env-file) and none of the caller's variables, so
 * the test sees the file's defaults.
 */
async function composeConfig(vars: Record<string, string>, args: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  const bin = dockerCompose();
  try {
    const { stdout, stderr } = await run(bin, ['--env-file', emptyEnvFile, '-f', composeFile, 'config', ...args], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...vars },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? String(err) };
  }
}

type Service = {
  image?: string;
  build?: { target?: string };
  environment?: Record<string, string | null>;
  ports?: Array<string | { host_ip?: string; published?: string | number; target?: number }>;
  volumes?: Array<string | { source?: string; target?: string }>;
  healthcheck?: { test?: string[] | string };
  depends_on?: Record<string, { condition?: string }> | string[];
};
type Config = { services: Record<string, Service>; volumes?: Record<string, unknown> };

async function parsedConfig(vars: Record<string, string> = {}): Promise<Config> {
  const r = await composeConfig({ ...SECRETS, ...vars });
  assert.equal(r.code, 0, `docker-compose config failed:\n${r.stderr}`);
  return parse(r.stdout) as Config;
}

/** Host address and published port of each binding, from short or long syntax. */
function bindings(service: Service): Array<{ hostIp: string; published: string; target: string }> {
  return (service.ports ?? []).map((p) => {
    if (typeof p === 'object') return { hostIp: p.host_ip ?? '', published: String(p.published ?? ''), target: String(p.target ?? '') };
    const parts = p.replace(/\/(tcp|udp)$/, '').split(':');
    // HOST_IP:PUBLISHED:TARGET, PUBLISHED:TARGET or TARGET
    if (parts.length === 3) return { hostIp: parts[0]!, published: parts[1]!, target: parts[2]! };
    if (parts.length === 2) return { hostIp: '', published: parts[0]!, target: parts[1]! };
    return { hostIp: '', published: '', target: parts[0]! };
  });
}

test('docker-compose config -q accepts docker-compose.yml', async () => {
  const r = await composeConfig(SECRETS, ['-q']);
  assert.equal(r.code, 0, `docker-compose -f docker-compose.yml config -q failed:\n${r.stderr}`);
});

test('passwords are required, with a message saying where to set them', async () => {
  const r = await composeConfig({});
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /PASSWORD is not set - copy \.env\.example to \.env/);
});

test('postgres: official image, C locale UTF8 initdb, init SQL with the extensions and the API role, data volume, pg_isready', async () => {
  const { services, volumes } = await parsedConfig();
  const pg = services.postgres!;
  assert.match(pg.image ?? '', /^postgres:/);
  assert.equal(pg.environment?.POSTGRES_INITDB_ARGS, '-E UTF8 --locale=C');
  const mounts = (pg.volumes ?? []).map((v) => (typeof v === 'string' ? v : `${v.source}:${v.target}`));
  const init = mounts.find((m) => m.includes(':/docker-entrypoint-initdb.d'));
  assert.ok(init, `no init script mount in ${mounts.join(', ')}`);
  assert.ok(init.startsWith(join(repoRoot, 'deploy/postgres')), init);
  assert.ok(mounts.some((m) => m.startsWith('postgres-data:/var/lib/postgresql/data')), 'postgres data lives in a named volume');
  assert.ok(volumes && 'postgres-data' in volumes && 'ipfs-data' in volumes);
  assert.match(JSON.stringify(pg.healthcheck?.test), /pg_isready/);

  const sql = readFileSync(join(repoRoot, 'deploy/postgres/initdb/10-graph-node.sql'), 'utf8');
  for (const ext of ['pg_trgm', 'btree_gist', 'postgres_fdw']) assert.match(sql, new RegExp(`CREATE EXTENSION IF NOT EXISTS ${ext};`));
  assert.match(sql, /CREATE ROLE :"api_user" LOGIN/);
  assert.match(sql, /ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES/);
  assert.equal(pg.environment?.API_DB_PASSWORD, SECRETS.API_DB_PASSWORD);
});

test('graph-node: postgres and ipfs settings, the chain from NETWORK and ETHEREUM_RPC', async () => {
  const defaults = (await parsedConfig()).services['graph-node']!;
  assert.match(defaults.image ?? '', /^graphprotocol\/graph-node:/);
  const env = defaults.environment ?? {};
  assert.equal(env.postgres_host, 'postgres');
  assert.equal(env.postgres_user, 'graph');
  assert.equal(env.postgres_pass, SECRETS.POSTGRES_PASSWORD);
  assert.equal(env.postgres_db, 'graph');
  assert.equal(env.ipfs, 'ipfs:5001');
  assert.equal(env.ethereum, 'mainnet:http://host.docker.internal:8545');
  assert.equal(env.GRAPH_LOG, 'info');
  assert.deepEqual(defaults.depends_on, { ipfs: { condition: 'service_healthy' }, postgres: { condition: 'service_healthy' } });

  const custom = (await parsedConfig({ NETWORK: 'bsc', ETHEREUM_RPC: 'https://rpc.example.org/key', GRAPH_LOG: 'debug', POSTGRES_USER: 'gn', POSTGRES_DB: 'store' })).services;
  const cenv = custom['graph-node']!.environment ?? {};
  assert.equal(cenv.ethereum, 'bsc:https://rpc.example.org/key');
  assert.equal(cenv.GRAPH_LOG, 'debug');
  assert.equal(cenv.postgres_user, 'gn');
  assert.equal(custom.postgres!.environment?.POSTGRES_USER, 'gn');
  assert.equal(custom.api!.environment?.DATABASE_URL, `postgresql://pvp_api:${SECRETS.API_DB_PASSWORD}@postgres:5432/store`);
  assert.equal(custom.api!.environment?.RPC_URL, 'https://rpc.example.org/key');
});

test('api and dashboards are built from the Dockerfile and configured from the environment', async () => {
  const { services } = await parsedConfig({ SUBGRAPH_NAME: 'team/pvp', API_PUBLIC_URL: 'https://api.example.org/graphql' });
  const api = services.api!;
  assert.equal(api.build?.target, 'api');
  assert.equal(api.environment?.SUBGRAPH_NAME, 'team/pvp');
  assert.equal(api.environment?.API_HOST, '0.0.0.0');
  assert.match(JSON.stringify(api.healthcheck?.test), /\/health/);
  const dashboards = services.dashboards!;
  assert.equal(dashboards.build?.target, 'dashboards');
  assert.equal(dashboards.environment?.API_PUBLIC_URL, 'https://api.example.org/graphql');
  assert.equal(dashboards.environment?.DASHBOARDS_HOST, '0.0.0.0');
  const dockerfile = readFileSync(join(repoRoot, 'Dockerfile'), 'utf8');
  for (const stage of ['api', 'dashboards']) assert.match(dockerfile, new RegExp(`^FROM node:20-bookworm-slim AS ${stage}$`, 'm'));
  assert.ok(existsSync(join(repoRoot, 'dashboards/serve.ts')));
});

test('every host port binding is on 127.0.0.1 by default', async () => {
  const { services } = await parsedConfig();
  const published: string[] = [];
  for (const [name, service] of Object.entries(services)) {
    for (const b of bindings(service)) {
      assert.equal(b.hostIp, '127.0.0.1', `${name} publishes port ${b.target} on "${b.hostIp || 'all interfaces'}"`);
      published.push(`${name}:${b.published}`);
    }
  }
  for (const expected of ['postgres:5432', 'ipfs:5001', 'graph-node:8000', 'graph-node:8020', 'graph-node:8030', 'graph-node:8040', 'api:4000', 'dashboards:5173']) {
    assert.ok(published.includes(expected), `${expected} is not published (got ${published.join(', ')})`);
  }
});

test('PUBLIC_BIND_ADDRESS opens only the API and the dashboards', async () => {
  const { services } = await parsedConfig({ PUBLIC_BIND_ADDRESS: '0.0.0.0', API_PORT: '14000' });
  for (const [name, service] of Object.entries(services)) {
    for (const b of bindings(service)) assert.equal(b.hostIp, name === 'api' || name === 'dashboards' ? '0.0.0.0' : '127.0.0.1', `${name}:${b.target}`);
  }
  assert.deepEqual(bindings(services.api!).map((b) => [b.published, b.target]), [['14000', '4000']]);
});

test('.env.example documents every variable docker-compose.yml uses', () => {
  const compose = readFileSync(composeFile, 'utf8');
  const used = new Set([...compose.matchAll(/\$\{([A-Z_][A-Z0-9_]*)/g)].map((m) => m[1]!));
  const example = readFileSync(join(repoRoot, '.env.example'), 'utf8');
  const documented = new Set([...example.matchAll(/^#?\s*([A-Z_][A-Z0-9_]*)=/gm)].map((m) => m[1]!));
  const missing = [...used].filter((v) => !documented.has(v));
  assert.deepEqual(missing, [], `not in .env.example: ${missing.join(', ')}`);
});
