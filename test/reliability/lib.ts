// Shared helpers of the reliability tests (issue 8).
import { readFileSync } from 'node:fs';
import { createPublicClient, createWalletClient, http, type Address, type Hex } from 'viem';
import { PvpPool, TestToken } from '@pvp/contracts/artifacts';
import type { Deployment } from '@pvp/contracts/deploy';
import { devAccount } from '../../simulator/src/accounts.ts';
import { localChain } from '../../simulator/src/chain.ts';
import { indexingStatus } from '../../stack/src/graph-node.ts';
export { seededRandom } from '../../stack/src/rpc-fault-proxy.ts';

/** A progress line on stderr when RELIABILITY_VERBOSE is set (node:test shows stdout only at the end of a test). */
export function progress(line: string): void {
  if (process.env.RELIABILITY_VERBOSE) process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

export type GqlResult = { status: number; text: string; body: any; ms: number };

/** POSTs a GraphQL request (or any JSON/text body) and never throws on a non-JSON answer. */
export async function post(url: string, body: unknown, opts: { raw?: boolean; contentType?: string; timeoutMs?: number } = {}): Promise<GqlResult> {
  const t0 = Date.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': opts.contentType ?? 'application/json' },
    body: opts.raw ? (body as string) : JSON.stringify(body),
    signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000),
  });
  const text = await res.text();
  let parsed: any;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, text, body: parsed, ms: Date.now() - t0 };
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs: number, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (err) {
      if ((err as { fatal?: boolean }).fatal) throw err;
      last = err;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
}

/** Waits until graph-node has indexed at least `block`; fails fast if the subgraph failed. */
export async function waitIndexed(indexNodeUrl: string, block: number, timeoutMs: number): Promise<number> {
  return waitFor(
    `graph-node to index block ${block}`,
    async () => {
      const s = await indexingStatus(indexNodeUrl);
      if (s?.health === 'failed')
        throw Object.assign(new Error(`subgraph failed: ${s.fatalError}`), {
          fatal: true,
        });
      return s?.latestBlock !== null && s?.latestBlock !== undefined && s.latestBlock >= block ? s.latestBlock : undefined;
    },
    timeoutMs,
  );
}

/** Text of a log file from byte `from` on (to look at what a part logged during a test step). */
export function logSince(file: string, from: number): string {
  try {
    return readFileSync(file).subarray(from).toString('utf8');
  } catch {
    return '';
  }
}

export const WAD = 10n ** 18n;

/** Direct contract access for tests: deposits, signed opens and closes with anvil's dev accounts. */
export function trading(rpcUrl: string, dep: Deployment) {
  const chain = localChain(dep.chainId, rpcUrl);
  const client = createPublicClient({
    chain,
    transport: http(rpcUrl),
    pollingInterval: 50,
  });
  const wallet = (i: number) =>
    createWalletClient({
      account: devAccount(i),
      chain,
      transport: http(rpcUrl),
    });
  return {
    client,
    wallet,
    /** Mints, approves and deposits `amount` settlement units of pool `p` for account `i` (3 transactions). */
    async deposit(i: number, p: number, amount: bigint) {
      const pool = dep.pools[p]!;
      const w = wallet(i);
      const hashes: Hex[] = [];
      hashes.push(
        await w.writeContract({
          address: pool.settlementToken,
          abi: TestToken.abi,
          functionName: 'mint',
          args: [w.account.address, amount],
        }),
      );
      hashes.push(
        await w.writeContract({
          address: pool.settlementToken,
          abi: TestToken.abi,
          functionName: 'approve',
          args: [pool.pool, 2n ** 255n],
        }),
      );
      hashes.push(
        await w.writeContract({
          address: pool.pool,
          abi: PvpPool.abi,
          functionName: 'deposit',
          args: [amount, 0n],
        }),
      );
      return hashes;
    },
    poolState(pool: Address, blockNumber?: bigint) {
      return client.readContract({
        address: pool,
        abi: PvpPool.abi,
        functionName: 'poolState',
        blockNumber,
      });
    },
  };
}
