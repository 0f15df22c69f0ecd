// Market rows → GraphQL Market objects: the eight sums, open amounts, average
// entry prices (WAD, rounded down), unrealised PnL at the indexed price.
import type { Selectable } from 'kysely';
import type { MarketTable } from '../db/subgraph-tables.ts';
import { address, bytes32Name, decimal, hex, wad, wadOrNull } from '../format.ts';
import { WAD } from '../math/pvp.ts';

export type MarketRow = Selectable<MarketTable>;

/** x1·1e18 / x2 rounded down; null for an empty side. */
export function averagePrice(notional: bigint, size: bigint): bigint | null {
  return size === 0n ? null : (notional * WAD) / size;
}

export function toMarket(row: MarketRow, block?: number) {
  const x1 = BigInt(row.x_1);
  const y1 = BigInt(row.y_1);
  return {
    _row: row,
    _block: block,
    id: hex(row.id),
    marketId: hex(row.market_id),
    name: bytes32Name(row.market_id),
    priceFeed: address(row.index_market.subarray(0, 20)),
    maxLeverage: row.max_leverage,
    enabled: row.enabled,
    sumA1: wad(row.sum_a1),
    sumB1: wad(row.sum_b1),
    sumC1: wad(row.sum_c1),
    sumD1: wad(row.sum_d1),
    sumA2: wad(row.sum_a2),
    sumB2: wad(row.sum_b2),
    sumC2: wad(row.sum_c2),
    sumD2: wad(row.sum_d2),
    x1: wad(row.x_1),
    x2: wad(row.x_2),
    y1: wad(row.y_1),
    y2: wad(row.y_2),
    averageEntryPriceLong: wadOrNull(averagePrice(x1, BigInt(row.x_2))),
    averageEntryPriceShort: wadOrNull(averagePrice(y1, BigInt(row.y_2))),
    latestPrice: wadOrNull(row.latest_price),
    unrealisedPnlLong: wad(row.unrealised_pnl_long),
    unrealisedPnlShort: wad(row.unrealised_pnl_short),
    unrealisedPnl: wad(row.unrealised_pnl),
    openInterestLong: wad(x1),
    openInterestShort: wad(y1),
    skew: wad(x1 - y1),
    longShortRatio: row.long_short_ratio === null ? null : decimal(row.long_short_ratio),
    balanceRate: row.balance_rate === null ? null : decimal(row.balance_rate),
    fundingIndex: wad(row.funding_index),
    fundingRatePerSecond: wad(row.funding_rate_per_second),
    cumulativeVolume: wad(row.cumulative_volume),
    cumulativeFees: wad(row.cumulative_fees),
    cumulativeRealisedPnl: wad(row.cumulative_realised_pnl),
    positionCount: row.position_count,
    openPositionCount: row.open_position_count,
    tradeCount: row.trade_count,
    liquidationCount: row.liquidation_count,
  };
}

export type MarketNode = ReturnType<typeof toMarket>;
