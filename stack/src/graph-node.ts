// graph-node (gnd dev, v0.45) running our subgraph against the chain RPC and
// storing into Postgres. Its status comes from the index-node API.
import { join } from 'node:path';
import { bin } from './paths.ts';
import { startChild, waitUntilReady, type ManagedChild } from './child.ts';

export interface GraphNodePorts {
  http: number;
  admin: number;
  indexNode: number;
  metrics: number;
}

export interface GraphNodeOptions {
  manifest: string;
  network: string;
  rpcUrl: string;
  postgresUrl: string;
  ipfs: string;
  ports: GraphNodePorts;
  logDir: string;
  /** Extra environment (reliability tests); the defaults below win over it. */
  env?: NodeJS.ProcessEnv;
}

/** RUST_LIB_BACKTRACE as gnd gets it: the caller's value, else off (see startGraphNode). */
export function libBacktraceSetting(): string {
  return process.env.RUST_LIB_BACKTRACE ?? '0';
}

/** gnd dev names the first manifest's subgraph `subgraph-0`. */
export const SUBGRAPH_NAME = 'subgraph-0';

export interface IndexingStatus {
  deployment: string;
  health: 'healthy' | 'unhealthy' | 'failed';
  synced: boolean;
  fatalError: string | null;
  latestBlock: number | null;
  chainHeadBlock: number | null;
}

export async function indexingStatus(indexNodeUrl: string): Promise<IndexingStatus | null> {
  const res = await fetch(indexNodeUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: `{ indexingStatusForCurrentVersion(subgraphName: "${SUBGRAPH_NAME}") { subgraph synced health fatalError { message } chains { chainHeadBlock { number } latestBlock { number } } } }`,
    }),
    signal: AbortSignal.timeout(2000),
  });
  const body = (await res.json()) as { data?: { indexingStatusForCurrentVersion: null | Record<string, any> } };
  const s = body.data?.indexingStatusForCurrentVersion;
  if (!s) return null;
  const chain = s.chains?.[0];
  return {
    deployment: s.subgraph,
    health: s.health,
    synced: s.synced,
    fatalError: s.fatalError?.message ?? null,
    latestBlock: chain?.latestBlock ? Number(chain.latestBlock.number) : null,
    chainHeadBlock: chain?.chainHeadBlock ? Number(chain.chainHeadBlock.number) : null,
  };
}

export async function startGraphNode(opts: GraphNodeOptions): Promise<{ child: ManagedChild; graphqlUrl: string; indexNodeUrl: string }> {
  const { ports } = opts;
  const child = startChild(
    'graph-node',
    bin('gnd'),
    [
      'dev',
      '--manifests', opts.manifest,
      '--ethereum-rpc', `${opts.network}:${opts.rpcUrl}`,
      '--postgres-url', opts.postgresUrl,
      '--ipfs', opts.ipfs,
      '--http-port', String(ports.http),
      '--admin-port', String(ports.admin),
      '--index-node-port', String(ports.indexNode),
      '--metrics-port', String(ports.metrics),
    ],
    {
      logFile: join(opts.logDir, 'graph-node.log'),
      env: {
        ...opts.env,
        // A local chain has blocks a few hundred ms apart: poll fast.
        ETHEREUM_POLLING_INTERVAL: '250',
        GRAPH_LOG: process.env.GRAPH_LOG ?? 'info',
        // graph-node 0.45 builds an error value on every successful read of wasm memory; with
        // RUST_BACKTRACE=1 in the environment (common on dev machines and CI) each one captures a stack
        // backtrace, which made handlers ~8x slower (bench/RESULTS.md, issue 4). This keeps library
        // backtraces off; panics still print theirs when RUST_BACKTRACE asks for them.
        RUST_LIB_BACKTRACE: libBacktraceSetting(),
        // gnd names deployments after their manifest path.
        GRAPH_NODE_DISABLE_DEPLOYMENT_HASH_VALIDATION: 'true',
      },
    },
  );
  const graphqlUrl = `http://127.0.0.1:${ports.http}/subgraphs/name/${SUBGRAPH_NAME}`;
  const indexNodeUrl = `http://127.0.0.1:${ports.indexNode}/graphql`;
  await waitUntilReady(child, async () => (await indexingStatus(indexNodeUrl)) !== null, {
    timeoutMs: 120_000,
    what: 'the subgraph to be deployed',
    hint: 'read the graph-node log above; a Postgres or RPC error there names what to fix',
  });
  return { child, graphqlUrl, indexNodeUrl };
}
