// Traders as the API answers them: an account row → a GraphQL Trader, a
// leaderboard row → an entry, the win rate, and the unrealised PnL of open
// positions at their markets' live prices (the one basis of the trader page
// and the leaderboard).
import type { Selectable } from 'kysely';
import type { ApiContext } from '../context.ts';
import type { AccountTable } from '../db/subgraph-tables.ts';
import { address, int, wad } from '../format.ts';
import { pricePositionMarket } from '../live/live.service.ts';
import { WAD } from '../math/pvp.ts';
import { positionPnl } from '../position/position.service.ts';
import type { Scope } from '../scope.ts';
import type { LeaderboardRow } from './trader.repository.ts';

export type AccountRow = Selectable<AccountTable>;

/** wins / (wins + losses) as an exact decimal with 18 decimals, rounded down; null before the first win or loss. */
export function winRate(wins: number, losses: number): string | null {
  return wins + losses === 0 ? null : wad((BigInt(wins) * WAD) / BigInt(wins + losses));
}

export function toTrader(row: AccountRow, block?: number) {
  return {
    _row: row,
    _block: block,
    id: address(row.id),
    cumulativeVolume: wad(row.cumulative_volume),
    cumulativeRealisedPnl: wad(row.cumulative_realised_pnl),
    cumulativeFees: wad(row.cumulative_fees),
    cumulativeReferralRebatesEarned: wad(row.cumulative_referral_rebates_earned),
    tradeCount: row.trade_count,
    positionCount: row.position_count,
    winCount: row.win_count,
    lossCount: row.loss_count,
    liquidationCount: row.liquidation_count,
    winRate: winRate(row.win_count, row.loss_count),
    firstSeenTimestamp: int(row.first_seen_timestamp),
  };
}

export type TraderNode = ReturnType<typeof toTrader>;

/** A leaderboard row at its rank, with the trader's unrealised PnL (WAD) beside the window's realised figures. */
export function toLeaderboardEntry(r: LeaderboardRow, rank: number, unrealisedPnl: bigint) {
  const wins = Number(r.wins);
  const losses = Number(r.losses);
  return {
    rank,
    trader: address(r.trader),
    realisedPnl: wad(r.realised_pnl),
    unrealisedPnl: wad(unrealisedPnl),
    volume: wad(r.volume),
    trades: Number(r.trades),
    liquidations: Number(r.liquidations),
    wins,
    losses,
    winRate: winRate(wins, losses),
  };
}

/** Σ unrealised PnL of open positions, each at its market's live price (markets without a price add nothing). */
export async function unrealisedPnlOf(ctx: ApiContext, s: Scope, positions: Array<{ market: Buffer; is_long: boolean; notional: string; size: string }>): Promise<bigint> {
  let total = 0n;
  for (const p of positions) {
    const priced = await pricePositionMarket(ctx, s, p.market);
    if (priced && priced.price !== null) total += positionPnl(p, priced.price);
  }
  return total;
}
