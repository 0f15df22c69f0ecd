// Indexing status: the chain head is never reported below the indexed block,
// the lag only when both heads are known, the RPC state as the schema's enum.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RpcHealth } from '../live/price-feed.ts';
import { indexingStatusOf } from './status.service.ts';

const rpc = (state: RpcHealth['rpc'], chainHead: number | null): RpcHealth => ({ rpc: state, detail: `rpc ${state}`, chainHead, lastOkAt: null, failingSince: null, consecutiveFailures: 0 });

test('lag from the chain head, which is at least the indexed block', () => {
  assert.deepEqual(indexingStatusOf('sg', 'Qm1', 90, rpc('ok', 100)), { subgraphName: 'sg', deployment: 'Qm1', indexedBlock: 90, chainHeadBlock: 100, lagBlocks: 10, rpcStatus: 'OK', rpcDetail: 'rpc ok' });
  const stalePoll = indexingStatusOf('sg', 'Qm1', 105, rpc('ok', 100));
  assert.equal(stalePoll.chainHeadBlock, 105);
  assert.equal(stalePoll.lagBlocks, 0);
});

test('unknown heads give null, never a guess', () => {
  for (const state of ['degraded', 'absent'] as const) {
    const s = indexingStatusOf('sg', 'Qm1', 90, rpc(state, 100));
    assert.equal(s.chainHeadBlock, null, 'a failing or absent RPC has no head to report');
    assert.equal(s.lagBlocks, null);
    assert.equal(s.rpcStatus, state.toUpperCase());
  }
  const notIndexed = indexingStatusOf('sg', null, null, rpc('ok', 100));
  assert.deepEqual([notIndexed.deployment, notIndexed.indexedBlock, notIndexed.chainHeadBlock, notIndexed.lagBlocks], [null, null, 100, null]);
  assert.equal(indexingStatusOf('sg', 'Qm1', 5, rpc('ok', null)).lagBlocks, null);
});
