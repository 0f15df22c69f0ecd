// `npm start [-- options]`: brings up the whole stack and keeps it running
// until Ctrl-C. Prints each step, every URL, indexing progress, and one
// `ready` line when all parts answer.
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { createPublicClient, http } from 'viem';
// Nothing imported here may load the contracts' generated artifacts: on a fresh
// clone they exist only after buildContracts() has run (see main()).
import { buildContracts } from './build.ts';
import { DEFAULT_PORTS, type StackPorts } from './defaults.ts';
import { indexingStatus } from './graph-node.ts';
import { defaultDataDir } from './paths.ts';
import { StartupError } from './ports.ts';
import { redact } from './postgres.ts';

const HELP = `Usage: npm start [-- options]

Starts embedded PostgreSQL, anvil, deploys the contracts, builds the subgraph,
starts graph-node (gnd), the API and the dashboards. Ctrl-C stops everything.

Options:
  --fresh                  wipe the data folder first (chain, database, logs)
  --data-dir DIR           data folder (default: .data)
  --rpc URL                use this chain RPC instead of a local anvil
  --network NAME           network name for the subgraph and graph-node (default: anvil)
  --factory ADDRESS        index an existing PvpPoolFactory instead of deploying (with --rpc)
  --start-block N          first block to index with --factory (default: 0)
  --block-time SECONDS     anvil: mine a block every SECONDS even when idle (default: 1; 0 = only on transactions)
  --no-sim                 do not run the market simulator (it runs by default on the local chain)
  --seed N                 simulator seed (default: 1): the same seed trades the same way
  --sim-pace MS            simulator: real milliseconds between steps (default: 250)
  --sim-steps N            simulator: stop after N steps (default: run until Ctrl-C)
  --postgres-port N        embedded Postgres port (default: ${DEFAULT_PORTS.postgres})
  --anvil-port N           anvil port (default: ${DEFAULT_PORTS.anvil})
  --graph-node-ports A,B,C,D   graph-node GraphQL, admin, index-node, metrics ports (default: 8000,8020,8030,8040)
  --ipfs-port N            local IPFS stub port (default: ${DEFAULT_PORTS.ipfs})
  --api-port N             API port (default: ${DEFAULT_PORTS.api})
  --dashboards-port N      dashboards port (default: ${DEFAULT_PORTS.dashboards})
  -h, --help               this text

Environment: DATABASE_URL uses that Postgres instead of the embedded one.`;

function port(value: string | undefined, fallback: number, flag: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new StartupError('options', `${flag} must be a port number (1-65535), got "${value}"`, 'see `npm start -- --help`');
  return n;
}

function parseOptions() {
  const { values } = parseArgs({
    options: {
      fresh: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      rpc: { type: 'string' },
      network: { type: 'string' },
      factory: { type: 'string' },
      'start-block': { type: 'string' },
      'block-time': { type: 'string' },
      'postgres-port': { type: 'string' },
      'anvil-port': { type: 'string' },
      'graph-node-ports': { type: 'string' },
      'ipfs-port': { type: 'string' },
      'api-port': { type: 'string' },
      'dashboards-port': { type: 'string' },
      'no-sim': { type: 'boolean', default: false },
      seed: { type: 'string', default: '1' },
      'sim-pace': { type: 'string', default: '250' },
      'sim-steps': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  if (values.factory && !values.rpc) throw new StartupError('options', '--factory needs --rpc (the chain the factory is on)', 'add --rpc URL');
  const gn = values['graph-node-ports']?.split(',');
  if (gn && gn.length !== 4) throw new StartupError('options', '--graph-node-ports takes four ports: http,admin,index-node,metrics', 'e.g. --graph-node-ports 8000,8020,8030,8040');
  const ports: StackPorts = {
    postgres: port(values['postgres-port'], DEFAULT_PORTS.postgres, '--postgres-port'),
    anvil: port(values['anvil-port'], DEFAULT_PORTS.anvil, '--anvil-port'),
    graphNode: {
      http: port(gn?.[0], DEFAULT_PORTS.graphNode.http, '--graph-node-ports'),
      admin: port(gn?.[1], DEFAULT_PORTS.graphNode.admin, '--graph-node-ports'),
      indexNode: port(gn?.[2], DEFAULT_PORTS.graphNode.indexNode, '--graph-node-ports'),
      metrics: port(gn?.[3], DEFAULT_PORTS.graphNode.metrics, '--graph-node-ports'),
    },
    ipfs: port(values['ipfs-port'], DEFAULT_PORTS.ipfs, '--ipfs-port'),
    api: port(values['api-port'], DEFAULT_PORTS.api, '--api-port'),
    dashboards: port(values['dashboards-port'], DEFAULT_PORTS.dashboards, '--dashboards-port'),
  };
  const startBlock = values['start-block'] === undefined ? undefined : Number(values['start-block']);
  if (startBlock !== undefined && (!Number.isInteger(startBlock) || startBlock < 0)) throw new StartupError('options', `--start-block must be a block number, got "${values['start-block']}"`, 'e.g. --start-block 12345');
  const blockTime = values['block-time'] === undefined ? 1 : Number(values['block-time']);
  if (!Number.isFinite(blockTime) || blockTime < 0) throw new StartupError('options', `--block-time must be seconds >= 0`, 'e.g. --block-time 1');
  const nonNegative = (v: string | undefined, flag: string) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new StartupError('options', `${flag} must be a whole number >= 0, got "${v}"`, 'see `npm start -- --help`');
    return n;
  };
  return {
    sim: values['no-sim'] || values.factory || values.rpc ? undefined : { seed: nonNegative(values.seed, '--seed')!, paceMs: nonNegative(values['sim-pace'], '--sim-pace')!, steps: nonNegative(values['sim-steps'], '--sim-steps') },
    dataDir: resolve(values['data-dir'] ?? defaultDataDir),
    fresh: values.fresh!,
    ports,
    databaseUrl: process.env.DATABASE_URL || undefined,
    rpcUrl: values.rpc,
    network: values.network ?? (values.rpc ? 'mainnet' : 'anvil'),
    factory: values.factory,
    startBlock,
    blockTime,
  };
}

function fail(err: unknown): never {
  if (err instanceof StartupError) console.error(`\nstart-up failed — ${err.message}`);
  else if (err instanceof Error && (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) console.error(`\n${err.message}\nsee \`npm start -- --help\``);
  else console.error(`\nstart-up failed: ${(err as Error)?.message ?? String(err)}\n  → this is a bug if the message does not say what to do; please report it with the logs in .data/logs`);
  process.exit(1);
}

async function main() {
  const opts = parseOptions();
  const log = (line: string) => console.log(`[start] ${line}`);
  let shuttingDown = false;
  let stopStack: (() => Promise<void>) | undefined;
  let simulation: AbortController | undefined;
  let simRun: Promise<unknown> | undefined;
  const shutdown = async (signal: string, code = 0) => {
    if (shuttingDown) return;
    shuttingDown = true;
    console.log(`\n[start] ${signal}: stopping simulator, dashboards, api, graph-node, chain, postgres…`);
    simulation?.abort();
    await simRun?.catch(() => {});
    await stopStack?.();
    console.log('[start] stopped');
    process.exit(code);
  };
  // Until the stack object exists, a signal just exits; startStack cleans up on its own failure.
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  // The contracts are built before the stack module loads: it imports the API,
  // which imports the typed artifacts that the build writes.
  await buildContracts(log);
  const { startStack } = await import('./stack.ts');
  const stack = await startStack({ ...opts, log });
  stopStack = stack.stop;
  const e = stack.endpoints;
  console.log(`
  chain RPC        ${e.rpcUrl} (chain ${e.chainId}, network "${e.network}")
  graph-node       ${e.graphNode.graphql}
  index-node       ${e.graphNode.indexNode}
  API (GraphQL)    ${e.api.graphql}
  dashboards       ${e.dashboards}
  Postgres         ${redact(e.postgresUrl)}
  factory          ${e.deployment.factory} (from block ${e.deployment.startBlock})
  state file       ${stack.stateFile}
`);
  void stack.failures.then((f) => {
    console.error(`\n[start] ${f.message}`);
    void shutdown('failure', 1);
  });

  // Progress until synced, then the ready line; afterwards only changes in lag.
  const chain = createPublicClient({ transport: http(e.rpcUrl) });
  let ready = false;
  let lastLine = '';
  for (;;) {
    const [s, head] = await Promise.all([indexingStatus(e.graphNode.indexNode).catch(() => null), chain.getBlockNumber().catch(() => null)]);
    if (s?.health === 'failed') {
      console.error(`[start] graph-node: subgraph failed: ${s.fatalError}`);
    }
    const indexed = s?.latestBlock ?? null;
    const line = `indexing: block ${indexed ?? '—'} of chain head ${head ?? '—'}${s ? ` (${s.health})` : ''}`;
    const caughtUp = indexed !== null && head !== null && Number(head) - indexed <= 2;
    if (!ready && caughtUp) {
      ready = true;
      console.log(`[start] ${line}`);
      console.log(`ready — dashboards ${e.dashboards}  API ${e.api.graphql}  (Ctrl-C to stop)`);
      if (opts.sim && e.deployment.local) {
        simulation = new AbortController();
        const { runSimulation } = await import('@pvp/simulator');
        console.log(`[start] simulator: seed ${opts.sim.seed}, one step every ${opts.sim.paceMs} ms (--no-sim to turn it off)`);
        simRun = runSimulation({
          rpcUrl: e.rpcUrl,
          deployment: e.deployment.local,
          seed: opts.sim.seed,
          steps: opts.sim.steps,
          paceMs: opts.sim.paceMs,
          signal: simulation.signal,
          onStatus: (l) => console.log(`[start] ${l}`),
        }).then(
          (s) => console.log(`[start] simulator finished after ${s.steps} steps`),
          (err) => console.error(`[start] simulator stopped: ${(err as Error).message.split('\n')[0]}`),
        );
      }
    } else if (!ready && line !== lastLine) console.log(`[start] ${line}`);
    else if (ready && !caughtUp && indexed !== null && head !== null && Number(head) - indexed > 10) console.log(`[start] lagging: ${line}`);
    lastLine = line;
    await new Promise((r) => setTimeout(r, ready ? 5000 : 1000));
  }
}

main().catch(fail);
