// Indexing status: how far graph-node has indexed against the chain head, and
// whether the live fields can read the price feed.
import type { RpcHealth } from '../live/price-feed.ts';

const RPC_STATUS = { ok: 'OK', degraded: 'DEGRADED', absent: 'ABSENT' } as const;

/**
 * The status from the indexed head (null: nothing indexed or not deployed) and
 * the RPC's health. The chain head is the RPC's last poll, but never below the
 * indexed block (the chain has at least that block; a poll can be up to its
 * interval old); unknown unless the RPC is OK. The lag is known when both heads are.
 */
export function indexingStatusOf(subgraphName: string, deployment: string | null, indexedBlock: number | null, rpc: RpcHealth) {
  const chain = rpc.rpc === 'ok' ? rpc.chainHead : null;
  const head = chain === null ? null : indexedBlock === null ? chain : Math.max(chain, indexedBlock);
  return {
    subgraphName,
    deployment,
    indexedBlock,
    chainHeadBlock: head,
    lagBlocks: indexedBlock !== null && head !== null ? Math.max(0, head - indexedBlock) : null,
    rpcStatus: RPC_STATUS[rpc.rpc],
    rpcDetail: rpc.detail,
  };
}
