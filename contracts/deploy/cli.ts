// Deploys the protocol to RPC_URL (default: local anvil) with PRIVATE_KEY (default: anvil's first account)
// and writes contracts/deployments/<chainId>.json plus contracts/deployments/abis/*.json.
//   npm run deploy -w contracts
import { createPublicClient, createWalletClient, http, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deployProtocol } from './deploy.ts';

const rpcUrl = process.env.RPC_URL ?? 'http://127.0.0.1:8545';
const key = (process.env.PRIVATE_KEY ??
  '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80') as Hex;
const transport = http(rpcUrl);
const client = createPublicClient({ transport });
const chainId = await client.getChainId();
const chain = { ...foundry, id: chainId };
const wallet = createWalletClient({ account: privateKeyToAccount(key), chain, transport });
const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'deployments');
const deployment = await deployProtocol(wallet, createPublicClient({ chain, transport }), {
  outDir,
  log: (line) => console.log(`deploy: ${line}`),
});
console.log(`deploy: wrote ${join(outDir, `${deployment.chainId}.json`)}`);
