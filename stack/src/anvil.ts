// The local EVM: a real anvil, its state kept in the data folder between runs.
import { join } from 'node:path';
import { createPublicClient, http } from 'viem';
import { bin } from './paths.ts';
import { startChild, waitUntilReady, type ManagedChild } from './child.ts';

export const ANVIL_CHAIN_ID = 31337;

export interface AnvilOptions {
  port: number;
  dataDir: string;
  logDir: string;
  /** Seconds between blocks when there are no transactions (0: mine only on transactions). */
  blockTime?: number;
}

export async function startAnvil(opts: AnvilOptions): Promise<{ child: ManagedChild; rpcUrl: string }> {
  const stateFile = join(opts.dataDir, 'anvil-state.json');
  const args = ['--host', '127.0.0.1', '--port', String(opts.port), '--chain-id', String(ANVIL_CHAIN_ID), '--state', stateFile, '--state-interval', '5', '--silent'];
  if (opts.blockTime) args.push('--block-time', String(opts.blockTime));
  const child = startChild('anvil', bin('anvil'), args, { logFile: join(opts.logDir, 'anvil.log') });
  const rpcUrl = `http://127.0.0.1:${opts.port}`;
  const client = createPublicClient({ transport: http(rpcUrl, { retryCount: 0, timeout: 1000 }) });
  await waitUntilReady(child, async () => (await client.getChainId()) === ANVIL_CHAIN_ID, {
    timeoutMs: 30_000,
    what: 'its JSON-RPC to answer',
    hint: `see the log; if the saved chain state is damaged, run \`npm start -- --fresh\``,
  });
  return { child, rpcUrl };
}
