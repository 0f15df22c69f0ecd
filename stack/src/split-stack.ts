// The stack's parts as separate processes that can be killed and restarted one
// by one: embedded Postgres, anvil, gnd and the API (here its own process,
// api/src/main.ts, not in-process as in startStack). Used by the reliability
// tests (crash/restart, RPC faults, reorgs) and the soak bench. Same start-up
// code as startStack (stack.ts), so it exercises what `npm start` runs;
// `npm start` itself does not use it.
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createPublicClient, http } from 'viem';
import { startAnvil } from './anvil.ts';
import { buildContracts } from './build.ts';
import { startChild, waitUntilReady, type ManagedChild } from './child.ts';
import { ensureDeployment, type ChainDeployment } from './deployment.ts';
import { indexingStatus, startGraphNode, SUBGRAPH_NAME } from './graph-node.ts';
import { startIpfsStub } from './ipfs-stub.ts';
import { repoRoot } from './paths.ts';
import { freePort } from './ports.ts';
import { startEmbeddedPostgres, type PostgresHandle } from './postgres.ts';
import { buildSubgraph, type BuiltSubgraph } from './subgraph-build.ts';

export type PartName = 'postgres' | 'anvil' | 'graph-node' | 'api';

export interface SplitStackOptions {
  dataDir: string;
  /** anvil --block-time (0: mine on transactions only). */
  blockTime?: number;
  /** The RPC URL gnd uses, given anvil's (e.g. a fault proxy in front of it). Default: anvil's. */
  gndRpc?: (anvilUrl: string) => string;
  /** The RPC URL the API uses (null: none). Default: anvil's. */
  apiRpc?: (anvilUrl: string) => string | null;
  /** Extra environment for gnd. */
  gndEnv?: NodeJS.ProcessEnv;
  /** Index the chain (anvil, deployment, subgraph build) of another running SplitStack instead of starting one. */
  chainOf?: SplitStack;
  log?: (line: string) => void;
}

export interface SplitStackPorts {
  postgres: number;
  anvil: number;
  graphNode: {
    http: number;
    admin: number;
    indexNode: number;
    metrics: number;
  };
  ipfs: number;
  api: number;
}

/** A stack whose parts can be killed (-9) and restarted on the same data folder and ports. */
export class SplitStack {
  readonly logDir: string;
  ports!: SplitStackPorts;
  pg?: PostgresHandle;
  anvil?: ManagedChild;
  gnd?: ManagedChild;
  api?: ManagedChild;
  rpcUrl = '';
  deployment!: ChainDeployment;
  built!: BuiltSubgraph;
  private ipfs?: { url: string; close(): Promise<void> };
  private log: (l: string) => void;

  constructor(readonly opts: SplitStackOptions) {
    this.logDir = join(opts.dataDir, 'logs');
    mkdirSync(this.logDir, { recursive: true });
    this.log = opts.log ?? (() => {});
  }

  get postgresUrl(): string {
    return this.pg!.url;
  }
  get indexNodeUrl(): string {
    return `http://127.0.0.1:${this.ports.graphNode.indexNode}/graphql`;
  }
  get graphqlUrl(): string {
    return `http://127.0.0.1:${this.ports.graphNode.http}/subgraphs/name/${SUBGRAPH_NAME}`;
  }
  get apiUrl(): string {
    return `http://127.0.0.1:${this.ports.api}`;
  }

  async start(): Promise<this> {
    this.ports ??= {
      postgres: await freePort(),
      anvil: await freePort(),
      graphNode: {
        http: await freePort(),
        admin: await freePort(),
        indexNode: await freePort(),
        metrics: await freePort(),
      },
      ipfs: await freePort(),
      api: await freePort(),
    };
    const other = this.opts.chainOf;
    if (!other) await buildContracts(this.log);
    await this.startPart('postgres');
    if (other) {
      this.rpcUrl = other.rpcUrl;
      this.deployment = other.deployment;
      this.built = other.built;
    } else {
      await this.startPart('anvil');
      this.deployment = await ensureDeployment({
        rpcUrl: this.rpcUrl,
        dataDir: this.opts.dataDir,
        log: this.log,
      });
      const client = createPublicClient({ transport: http(this.rpcUrl) });
      const startBlockHash = (
        await client.getBlock({
          blockNumber: BigInt(this.deployment.startBlock),
        })
      ).hash;
      // No writeNetworkConfig: the subgraph's config/anvil.json belongs to `npm start`.
      this.built = await buildSubgraph(
        {
          network: 'anvil',
          factoryAddress: this.deployment.factory,
          startBlock: this.deployment.startBlock,
        },
        `${this.deployment.chainId}:${startBlockHash}`,
        this.log,
      );
    }
    // The stub listens in this process long after its port was picked: another process may have taken it meanwhile.
    for (let attempt = 0; ; attempt++) {
      try {
        this.ipfs = await startIpfsStub(this.ports.ipfs);
        break;
      } catch (err) {
        if ((err as { code?: string }).code !== 'EADDRINUSE' || attempt >= 5) throw err;
        this.ports.ipfs = await freePort();
      }
    }
    await this.startPart('graph-node');
    await this.startPart('api');
    return this;
  }

  async startPart(part: PartName): Promise<void> {
    const { dataDir } = this.opts;
    switch (part) {
      case 'postgres':
        this.pg = await startEmbeddedPostgres(dataDir, this.ports.postgres, this.logDir);
        return;
      case 'anvil': {
        const a = await startAnvil({
          port: this.ports.anvil,
          dataDir,
          logDir: this.logDir,
          blockTime: this.opts.blockTime ?? 0,
        });
        this.anvil = a.child;
        this.rpcUrl = a.rpcUrl;
        return;
      }
      case 'graph-node': {
        const g = await startGraphNode({
          manifest: this.built.manifest,
          network: 'anvil',
          rpcUrl: this.opts.gndRpc ? this.opts.gndRpc(this.rpcUrl) : this.rpcUrl,
          postgresUrl: this.pg!.url,
          ipfs: this.ipfs!.url,
          ports: this.ports.graphNode,
          logDir: this.logDir,
          env: this.opts.gndEnv,
        });
        this.gnd = g.child;
        return;
      }
      case 'api': {
        const rpc = this.opts.apiRpc ? this.opts.apiRpc(this.rpcUrl) : this.rpcUrl;
        const child = startChild('api', process.execPath, ['--import', 'tsx', join(repoRoot, 'api', 'src', 'main.ts')], {
          logFile: join(this.logDir, 'api.log'),
          cwd: repoRoot,
          env: {
            DATABASE_URL: this.pg!.url,
            API_PORT: String(this.ports.api),
            API_HOST: '127.0.0.1',
            RPC_URL: rpc ?? '',
            SUBGRAPH_NAME,
          },
        });
        this.api = child;
        await waitUntilReady(
          child,
          async () =>
            (
              await fetch(`${this.apiUrl}/health`, {
                signal: AbortSignal.timeout(1000),
              })
            ).ok,
          {
            timeoutMs: 60_000,
            what: '/health',
            hint: 'see api.log',
          },
        );
        return;
      }
    }
  }

  /** The process-group leader of a part (every part runs in its own group). */
  pidOf(part: PartName): number | undefined {
    if (part === 'postgres') return this.pg?.pid;
    return { anvil: this.anvil, 'graph-node': this.gnd, api: this.api }[part]?.process.pid;
  }

  /** kill -9 of a part and all its descendants (Postgres: postmaster and backends), then waits until they are gone. */
  async kill9(part: PartName): Promise<void> {
    const pid = this.pidOf(part);
    if (!pid) return;
    const pids = treePids(pid);
    for (const p of pids) {
      try {
        process.kill(p, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    const gone = (p: number) => {
      try {
        process.kill(p, 0);
        // a zombie still answers signal 0: check its state
        return /\) Z /.test(readFileSync(`/proc/${p}/stat`, 'utf8'));
      } catch {
        return true;
      }
    };
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && !pids.every(gone)) await new Promise((r) => setTimeout(r, 100));
    if (part === 'postgres') this.pg = { ...this.pg!, pid: undefined, stop: async () => {} };
  }

  async stopPart(part: PartName): Promise<void> {
    if (part === 'postgres') await this.pg?.stop();
    else if (part === 'anvil') await this.anvil?.stop('SIGTERM');
    else if (part === 'graph-node') await this.gnd?.stop('SIGINT', 15_000);
    else await this.api?.stop('SIGTERM', 10_000);
  }

  async stop(): Promise<void> {
    for (const part of ['api', 'graph-node'] as const) await this.stopPart(part).catch(() => {});
    await this.ipfs?.close().catch(() => {});
    for (const part of ['anvil', 'postgres'] as const) await this.stopPart(part).catch(() => {});
  }

  /** graph-node's indexed block (null while it does not answer). */
  async indexedBlock(): Promise<number | null> {
    return (await indexingStatus(this.indexNodeUrl).catch(() => null))?.latestBlock ?? null;
  }
}

/** A process and all its descendants (from /proc). Postgres puts each backend in its own process group, so groups are not enough. */
export function treePids(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // pid (comm) state ppid ...: comm may hold spaces, so split after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid)!.push(Number(name));
    } catch {
      /* exited meanwhile */
    }
  }
  const out: number[] = [];
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive(root)) return out;
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift()!;
    out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

/**
 * Memory (kB) of a process and its descendants, e.g. Postgres's postmaster and backends: `rss` sums resident
 * sets (shared pages such as Postgres's shared_buffers counted once per process that touched them), `pss`
 * the proportional set sizes (shared pages split between their users: what the tree really holds).
 */
export function treeMemoryKb(root: number, descendants = true): { rss: number; pss: number } {
  const total = { rss: 0, pss: 0 };
  for (const pid of descendants ? treePids(root) : [root]) {
    try {
      const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      total.rss += Number(/^Rss:\s+(\d+) kB/m.exec(text)?.[1] ?? 0);
      total.pss += Number(/^Pss:\s+(\d+) kB/m.exec(text)?.[1] ?? 0);
    } catch {
      /* exited meanwhile */
    }
  }
  return total;
}

/** Resident memory (kB) of a process and its descendants (sum of RSS; see treeMemoryKb for PSS). */
export function treeRssKb(root: number): number {
  let total = 0;
  for (const pid of treePids(root)) {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) total += Number(m[1]);
    } catch {
      /* exited meanwhile */
    }
  }
  return total;
}
