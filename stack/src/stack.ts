// The whole local stack in start order: Postgres → chain → contracts →
// subgraph build → IPFS stub → graph-node → API → dashboards. Used by
// `npm start` (cli.ts) and by the end-to-end tests, which run a private
// stack on free ports in a temporary data folder.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPublicClient, http } from 'viem';
import { startApi, type RunningApi } from '@pvp/api';
import { startAnvil } from './anvil.ts';
import { buildContracts, buildDashboards } from './build.ts';
import type { ManagedChild } from './child.ts';
import { startDashboardsServer } from './dashboards-server.ts';
import { chainIdOf, checkExistingFactory, ensureDeployment, toJson, type ChainDeployment } from './deployment.ts';
import { indexingStatus, startGraphNode, SUBGRAPH_NAME } from './graph-node.ts';
import { startIpfsStub } from './ipfs-stub.ts';
import { dashboardsDir } from './paths.ts';
import { requirePortFree, StartupError } from './ports.ts';
import type { StackPorts } from './defaults.ts';
import { redact, startEmbeddedPostgres, useExternalPostgres, type PostgresHandle } from './postgres.ts';
import { buildSubgraph, writeNetworkConfig } from './subgraph-build.ts';

export { DEFAULT_PORTS, type StackPorts } from './defaults.ts';

export interface StackOptions {
  dataDir: string;
  fresh: boolean;
  ports: StackPorts;
  /** External Postgres instead of the embedded one. */
  databaseUrl?: string;
  /** External chain instead of a local anvil. */
  rpcUrl?: string;
  /** Network name in the subgraph manifest and for graph-node. */
  network: string;
  /** Index an existing deployment instead of deploying. */
  factory?: string;
  startBlock?: number;
  /** Seconds between anvil blocks when idle (0: only on transactions). */
  blockTime: number;
  log: (line: string) => void;
}

/** What `npm start` writes to <dataDir>/stack.json for scripts and tests. */
export interface StackEndpoints {
  rpcUrl: string;
  chainId: number;
  network: string;
  graphNode: { graphql: string; indexNode: string; admin: string; metrics: string };
  api: { graphql: string; health: string; ready: string };
  dashboards: string;
  postgresUrl: string;
  subgraphName: string;
  deployment: ChainDeployment;
}

export interface RunningStack {
  endpoints: StackEndpoints;
  stateFile: string;
  /** A part that died while the stack was up (e.g. graph-node exited). */
  failures: Promise<{ part: string; message: string }>;
  /** Processes the stack started (for checks that nothing is left after stop). */
  processes: Array<{ name: string; pid: number }>;
  stop(): Promise<void>;
}

export async function startStack(opts: StackOptions): Promise<RunningStack> {
  const { ports, log } = opts;
  if (opts.fresh) {
    log(`--fresh: removing ${opts.dataDir}`);
    rmSync(opts.dataDir, { recursive: true, force: true });
  }
  const logDir = join(opts.dataDir, 'logs');
  mkdirSync(logDir, { recursive: true });

  const stops: Array<{ name: string; stop: () => Promise<void> }> = [];
  const children: ManagedChild[] = [];
  let stopping = false;
  const stop = async () => {
    stopping = true;
    for (const part of stops.reverse()) {
      try {
        await part.stop();
      } catch (err) {
        log(`warning: stopping ${part.name} failed: ${(err as Error).message}`);
      }
    }
    stops.length = 0;
  };

  try {
    // Every port first, so a clash is named before anything starts.
    if (!opts.databaseUrl) await requirePortFree('postgres', ports.postgres, '--postgres-port');
    if (!opts.rpcUrl) await requirePortFree('anvil', ports.anvil, '--anvil-port');
    for (const [name, port] of Object.entries(ports.graphNode)) await requirePortFree(`graph-node ${name}`, port, `--graph-node-ports (http,admin,index,metrics)`);
    await requirePortFree('ipfs stub', ports.ipfs, '--ipfs-port');
    await requirePortFree('api', ports.api, '--api-port');
    await requirePortFree('dashboards', ports.dashboards, '--dashboards-port');

    // An external chain is checked before anything is built or started, so a wrong URL or address fails fast.
    if (opts.rpcUrl) {
      log(`chain: checking ${opts.rpcUrl}`);
      if (opts.factory) await checkExistingFactory(opts.rpcUrl, opts.factory, opts.startBlock, false);
      else await chainIdOf(opts.rpcUrl);
    }

    await Promise.all([buildContracts(log), buildDashboards(log)]);

    let pg: PostgresHandle;
    if (opts.databaseUrl) {
      log(`postgres: using ${redact(opts.databaseUrl)}`);
      pg = await useExternalPostgres(opts.databaseUrl);
    } else {
      log(`postgres: starting embedded PostgreSQL on 127.0.0.1:${ports.postgres} (data in ${join(opts.dataDir, 'postgres')})`);
      pg = await startEmbeddedPostgres(opts.dataDir, ports.postgres, logDir);
    }
    stops.push({ name: 'postgres', stop: pg.stop });

    let rpcUrl = opts.rpcUrl;
    if (!rpcUrl) {
      log(`anvil: starting on 127.0.0.1:${ports.anvil}`);
      const anvil = await startAnvil({ port: ports.anvil, dataDir: opts.dataDir, logDir, blockTime: opts.blockTime });
      children.push(anvil.child);
      stops.push({ name: 'anvil', stop: () => anvil.child.stop('SIGTERM') });
      rpcUrl = anvil.rpcUrl;
    }

    const deployment = await ensureDeployment({ rpcUrl, dataDir: opts.dataDir, factory: opts.factory, startBlock: opts.startBlock, log });
    const client = createPublicClient({ transport: http(rpcUrl) });
    const startBlockHash = (await client.getBlock({ blockNumber: BigInt(deployment.startBlock) })).hash;

    const networkConfig = { network: opts.network, factoryAddress: deployment.factory, startBlock: deployment.startBlock };
    if (!opts.factory) writeNetworkConfig(networkConfig);
    const built = await buildSubgraph(networkConfig, `${deployment.chainId}:${startBlockHash}`, log);

    const ipfs = await startIpfsStub(ports.ipfs);
    stops.push({ name: 'ipfs stub', stop: ipfs.close });

    log(`graph-node: starting gnd (GraphQL on :${ports.graphNode.http}, log in ${join(logDir, 'graph-node.log')})`);
    const gnd = await startGraphNode({ manifest: built.manifest, network: opts.network, rpcUrl, postgresUrl: pg.url, ipfs: ipfs.url, ports: ports.graphNode, logDir });
    children.push(gnd.child);
    // gnd shuts down cleanly on SIGINT (it waits for Ctrl-C).
    stops.push({ name: 'graph-node', stop: () => gnd.child.stop('SIGINT', 15_000) });

    log(`api: starting on 127.0.0.1:${ports.api}`);
    const api: RunningApi = await startApi(
      { databaseUrl: pg.url, subgraphName: SUBGRAPH_NAME, host: '127.0.0.1', port: ports.api, rpcUrl, maxPageSize: 1000, corsOrigins: ['127.0.0.1', 'localhost'].map((h) => `http://${h}:${ports.dashboards}`) },
      () => {},
    );
    stops.push({ name: 'api', stop: api.stop });

    const dashboards = await startDashboardsServer({ distDir: join(dashboardsDir, 'dist'), port: ports.dashboards, apiUrl: api.graphqlUrl });
    stops.push({ name: 'dashboards', stop: dashboards.close });

    const endpoints: StackEndpoints = {
      rpcUrl,
      chainId: deployment.chainId,
      network: opts.network,
      graphNode: {
        graphql: gnd.graphqlUrl,
        indexNode: gnd.indexNodeUrl,
        admin: `http://127.0.0.1:${ports.graphNode.admin}`,
        metrics: `http://127.0.0.1:${ports.graphNode.metrics}/metrics`,
      },
      api: { graphql: api.graphqlUrl, health: `${api.url}/health`, ready: `${api.url}/ready` },
      dashboards: dashboards.url,
      postgresUrl: pg.url,
      subgraphName: SUBGRAPH_NAME,
      deployment,
    };
    const stateFile = join(opts.dataDir, 'stack.json');
    writeFileSync(stateFile, toJson(endpoints));

    const failures = new Promise<{ part: string; message: string }>((resolve) => {
      for (const child of children) {
        void child.exited.then((e) => {
          if (!stopping) resolve({ part: child.name, message: `${child.name} exited unexpectedly (code ${e.code ?? e.signal}); see ${child.logFile}` });
        });
      }
    });
    const processes = children.map((c) => ({ name: c.name, pid: c.process.pid! }));
    if (pg.pid) processes.push({ name: 'postgres', pid: pg.pid });
    return { endpoints, stateFile, failures, processes, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Polls graph-node until it has indexed `block` (or the chain head); throws on a failed subgraph. */
export async function waitForIndexedBlock(indexNodeUrl: string, block: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const s = await indexingStatus(indexNodeUrl).catch(() => null);
    if (s?.health === 'failed') throw new StartupError('graph-node', `subgraph failed: ${s.fatalError}`, 'fix the mapping; the graph-node log has the details');
    if (s?.latestBlock !== null && s?.latestBlock !== undefined && s.latestBlock >= block) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`graph-node did not index block ${block} within ${timeoutMs / 1000} s`);
}
