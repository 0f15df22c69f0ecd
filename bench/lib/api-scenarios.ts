// The API queries the benches load the API with, over a store filled by
// bench/api-load.bench.ts (its held store.json carries `fill` and `chainTime`):
// a trader's positions (rotating traders), a market with live PnL, 30 days of
// hourly candles and the 30-day leaderboard, each with its latency goal.
export interface Scenario {
  name: string;
  goal: { p99Ms: number; rps?: number };
  bodies: { query: string; variables: Record<string, unknown> }[];
}

export interface FilledStore {
  markets: string[];
  pools: string[];
  sampleTraders: string[];
}

export function apiScenarios(fill: FilledStore, chainTime: number): Scenario[] {
  const from30d = chainTime - 30 * 86400;
  return [
    {
      name: "trader's positions",
      goal: { p99Ms: 25, rps: 1500 },
      bodies: fill.sampleTraders.map((t) => ({
        query: `query($t: String!) { positions(trader: $t, first: 20) { nodes { id status isLong leverage entryPrice margin notional size unrealisedPnl } pageInfo { endCursor hasNextPage } } }`,
        variables: { t },
      })),
    },
    {
      name: 'market state with live PnL',
      goal: { p99Ms: 25 },
      bodies: fill.markets.map((m) => ({
        query: `query($m: String!) { market(id: $m) { id x1 x2 y1 y2 averageEntryPriceLong averageEntryPriceShort unrealisedPnl liveUnrealisedPnl liveUnrealisedPnlLong liveUnrealisedPnlShort openInterestLong openInterestShort skew longShortRatio } }`,
        variables: { m },
      })),
    },
    {
      name: '30 days of hourly candles',
      goal: { p99Ms: 25 },
      bodies: fill.pools.map((p) => ({ query: `query($p: String!, $f: Int!, $t: Int!) { rateCandles(pool: $p, interval: HOUR, from: $f, to: $t) { timestamp open high low close } }`, variables: { p, f: from30d, t: chainTime } })),
    },
    {
      name: 'leaderboard (30 days, top 20)',
      goal: { p99Ms: 100 },
      bodies: [{ query: `query($f: Int!, $t: Int!) { leaderboard(from: $f, to: $t, orderBy: REALISED_PNL, first: 20) { nodes { trader realisedPnl volume trades winRate } } }`, variables: { f: from30d, t: chainTime + 1 } }],
    },
  ];
}
