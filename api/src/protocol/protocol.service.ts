// The protocol (factory) row → the GraphQL Protocol: the factory's counters;
// `_block` travels along so that its pools are read at the same block.
import type { Selectable } from 'kysely';
import type { ProtocolTable } from '../db/subgraph-tables.ts';
import { address } from '../format.ts';

export type ProtocolRow = Selectable<ProtocolTable>;

export function toProtocol(row: ProtocolRow, block?: number) {
  return {
    _block: block,
    id: address(row.id),
    poolCount: row.pool_count,
    traderCount: row.trader_count,
    positionCount: row.position_count,
    tradeCount: row.trade_count,
    liquidationCount: row.liquidation_count,
    depositCount: row.deposit_count,
    redeemCount: row.redeem_count,
  };
}

export type ProtocolNode = ReturnType<typeof toProtocol>;
