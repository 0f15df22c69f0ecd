import { useMemo } from 'preact/hooks';
import { useQuery } from '../api.ts';
import { Chart, Legend, type Marker } from '../components/Chart.tsx';
import { DataTable, ErrorMessage, Loading, Panel, Segmented, Stat, Empty, Pnl, type Column } from '../components/ui.tsx';
import { useApp, useOpenedAt } from '../context.ts';
import { PoolViewDocument, RateCandlesDocument, WhatIfDocument, type PoolViewResult, type WhatIfResult } from '../generated/api.ts';
import { add, isZero, multiply, round, subtract } from '@pvp/math/decimal';
import { formatAmount, formatBps, formatCompact, formatTime, shortAddress, toNumber } from '../lib/format.ts';
import { links, setParams, useRoute } from '../lib/router.ts';
import { candles, columnsOf, line, rangeStart, INTERVALS, RANGES, type RangeKey } from '../lib/series.ts';
import { COLORS } from '../lib/theme.ts';

type Pool = NonNullable<PoolViewResult['pool']>;
type MarketRow = Pool['markets'][number];
type Liquidity = PoolViewResult['liquidityEvents']['nodes'][number];

export function PoolView({ id }: { id: string }) {
  const { apiUrl } = useApp();
  const now = useOpenedAt();
  const route = useRoute();
  const interval = route.params.get('interval') === 'DAY' ? 'DAY' : 'HOUR';
  const range = (['7d', '30d', 'all'].includes(route.params.get('range') ?? '') ? route.params.get('range') : '7d') as RangeKey;
  const q = useQuery(apiUrl, PoolViewDocument, { id });
  const pool = q.data?.pool;
  const from = pool && now !== null ? rangeStart(range, interval, now, pool.createdAtTimestamp) : null;
  const rates = useQuery(apiUrl, RateCandlesDocument, pool && from !== null ? { pool: pool.id, interval, from } : null);

  if (q.error) return <ErrorMessage what={`pool ${id}`} error={q.error} />;
  if (!q.data) return <Loading what="the pool" />;
  if (!pool) return <p class="error" role="alert">No pool {id} is indexed.</p>;
  const sym = pool.zTokenSymbol;
  const p = pool.parameters;
  const params: Array<[string, string]> = [
    ['zToken', `${pool.zTokenName} (${sym}) ${pool.zToken}`],
    ['Settlement token', `${pool.settlementToken} (${pool.settlementDecimals} decimals)`],
    ['Price feed', pool.priceFeed],
    ['Creator', pool.creator],
    ['Initial swap rate', pool.initialSwapRate],
    ['Mint / redeem fee', `${formatBps(p.mintFeeBps)} / ${formatBps(p.redeemFeeBps)}`],
    ['Open / close fee', `${formatBps(p.openFeeBps)} / ${formatBps(p.closeFeeBps)}`],
    ['Protocol share / referral rebate', `${formatBps(p.protocolShareBps)} / ${formatBps(p.referralRebateBps)}`],
    ['Pass discount', formatBps(p.passDiscountBps)],
    ['Liquidity lock', `${p.liquidityLock} s`],
    ['Liquidation threshold / keeper reward', `${formatBps(p.liquidationThresholdBps)} / ${formatBps(p.keeperRewardBps)}`],
    ['Funding', p.fundingEnabled ? `on: factor ${p.fundingFactorPerHour}/h, max ${p.maxFundingRatePerHour}/h` : 'off'],
    ['Paused', p.paused ? 'yes' : 'no'],
  ];
  const candleRows = rates.data?.rateCandles ?? [];
  const marketId = route.params.get('market');
  const market = pool.markets.find((m) => m.id === marketId) ?? pool.markets.find((m) => !isZero(m.openInterestLong) || !isZero(m.openInterestShort)) ?? pool.markets[0];

  return (
    <div class="view" data-testid="view-pool">
      <div class="view-head">
        <h1>
          {sym} pool <span class="mono small">{pool.id}</span>
        </h1>
      </div>
      <div class="stats">
        <Stat id="pool-balance" label="Settlement balance" value={formatCompact(pool.settlementBalance)} title={pool.settlementBalance} />
        <Stat id="pool-supply" label={`${sym} supply`} value={formatCompact(pool.zTokenSupply)} title={pool.zTokenSupply} />
        <Stat id="pool-rate" label="Swap rate" value={formatAmount(pool.swapRate, { decimals: 6 })} title={pool.swapRate} />
        <Stat id="pool-live-rate" label={`Live rate (${pool.liveSwapRate.priceSource.toLowerCase()})`} value={pool.liveSwapRate.swapRate ? formatAmount(pool.liveSwapRate.swapRate, { decimals: 6 }) : 'n/a'} title={pool.liveSwapRate.swapRate ?? 'pool value ≤ 0'} />
        <Stat id="pool-floating" label="Floating PnL" value={formatCompact(pool.floatingPnl, { sign: true, unit: sym })} title={pool.floatingPnl} />
        <Stat id="pool-volume" label="Volume, all time" value={formatCompact(pool.cumulativeVolume, { unit: sym })} title={pool.cumulativeVolume} />
      </div>
      <div class="grid">
        <Panel
          title={`Swap rate candles (${interval === 'HOUR' ? '1h' : '1d'}, ${range})`}
          id="pool-rate"
          csv={rates.data ? { name: `rate-candles-${sym}-${interval}-${range}`, columns: columnsOf(candleRows), rows: candleRows } : null}
          actions={
            <>
              <Segmented name="interval" label="Candle interval" value={interval} options={INTERVALS} onChange={(v) => setParams({ interval: v })} />
              <Segmented name="range" label="Range" value={range} options={RANGES} onChange={(v) => setParams({ range: v })} />
            </>
          }
        >
          {rates.error ? <ErrorMessage what="rate candles" error={rates.error} /> : !rates.data ? <Loading what="rate candles" /> : candleRows.length === 0 ? <Empty>No rate history in this range.</Empty> : (
            <>
              <Chart label="swap rate candles" testid="chart-pool-rate" series={[{ type: 'candles', title: 'rate', data: candles(candleRows) }]} />
              <p class="note" data-testid="candle-count">{candleRows.length} candles from {formatTime(candleRows[0]!.timestamp)} UTC</p>
            </>
          )}
        </Panel>
        <Panel title="Supply and balance" id="pool-supply" csv={rates.data ? { name: `supply-balance-${sym}`, columns: columnsOf(candleRows), rows: candleRows } : null}>
          {candleRows.length === 0 ? <Empty>No history in this range.</Empty> : (
            <>
              <Chart label="zToken supply and settlement balance" testid="chart-pool-supply" series={[
                { type: 'line', title: 'supply', color: COLORS.supply, data: line(candleRows, (r) => r.zTokenSupply) },
                { type: 'line', title: 'balance', color: COLORS.balance, data: line(candleRows, (r) => r.settlementBalance) },
                { type: 'area', title: 'floating PnL', color: COLORS.pnl, data: line(candleRows, (r) => r.floatingPnl), pane: 1 },
              ]} height={320} />
              <Legend items={[[`${sym} supply`, COLORS.supply], ['settlement balance', COLORS.balance], ['floating PnL', COLORS.pnl]]} />
            </>
          )}
        </Panel>
      </div>
      <MarketsTable markets={pool.markets} symbol={sym} />
      {market ? <WhatIfPanel market={market} symbol={sym} markets={pool.markets} /> : <Empty>This pool has no markets.</Empty>}
      <LiquidityFeed rows={q.data.liquidityEvents.nodes} />
      <Panel title="Parameters" id="pool-parameters" csv={{ name: `parameters-${sym}`, columns: [{ header: 'parameter', value: (r: [string, string]) => r[0] }, { header: 'value', value: (r) => r[1] }], rows: params }}>
        <dl class="params">
          {params.map(([k, v]) => (
            <>
              <dt>{k}</dt>
              <dd class="mono">{v}</dd>
            </>
          ))}
        </dl>
      </Panel>
    </div>
  );
}

function MarketsTable({ markets, symbol }: { markets: MarketRow[]; symbol: string }) {
  const columns: Column<MarketRow>[] = [
    { header: 'Market', value: (m) => m.name ?? m.marketId, render: (m) => <a href={links.market(m.id)}>{m.name ?? shortAddress(m.marketId)}</a> },
    { header: 'id', value: (m) => m.id, csvOnly: true },
    { header: 'Max lev.', value: (m) => m.maxLeverage, num: true },
    { header: 'Price', value: (m) => m.livePrice.price, num: true, field: 'price' },
    ...(['sumA1', 'sumB1', 'sumC1', 'sumD1', 'sumA2', 'sumB2', 'sumC2', 'sumD2'] as const).map((k) => ({ header: `Σ${k.slice(3).toLowerCase()}`, value: (m: MarketRow) => m[k], num: true, field: k })),
    { header: 'x1 (long OI)', value: (m) => m.x1, num: true, csvOnly: true },
    { header: 'x2', value: (m) => m.x2, num: true, csvOnly: true },
    { header: 'y1 (short OI)', value: (m) => m.y1, num: true, csvOnly: true },
    { header: 'y2', value: (m) => m.y2, num: true, csvOnly: true },
    { header: 'Avg entry long', value: (m) => m.averageEntryPriceLong, num: true, field: 'averageEntryPriceLong' },
    { header: 'Avg entry short', value: (m) => m.averageEntryPriceShort, num: true, field: 'averageEntryPriceShort' },
    { header: `uPnL long (${symbol})`, value: (m) => m.liveUnrealisedPnlLong, render: (m) => <Pnl value={m.liveUnrealisedPnlLong} />, num: true },
    { header: `uPnL short`, value: (m) => m.liveUnrealisedPnlShort, render: (m) => <Pnl value={m.liveUnrealisedPnlShort} />, num: true },
    { header: `uPnL`, value: (m) => m.liveUnrealisedPnl, render: (m) => <Pnl value={m.liveUnrealisedPnl} />, num: true, field: 'liveUnrealisedPnl' },
    { header: 'Skew', value: (m) => m.skew, num: true },
    { header: 'Open pos.', value: (m) => m.openPositionCount, num: true },
  ];
  return <DataTable name="markets" title="Markets: running sums, entry prices, unrealised PnL (live prices)" columns={columns} rows={markets} rowKey={(m) => m.id} rowAttrs={(m) => ({ 'data-market': m.id })} empty="No markets." wide />;
}

const WHATIF_STEPS = 61; // ±15 % in 0.5 % steps: the middle point is the current price, ±5 % and ±10 % are points
const WHATIF_SPAN = '0.15';

function WhatIfPanel({ market, symbol, markets }: { market: MarketRow; symbol: string; markets: MarketRow[] }) {
  const { apiUrl } = useApp();
  const price = market.livePrice.price ?? market.latestPrice;
  const vars = useMemo(() => {
    if (!price || isZero(price)) return null;
    const delta = multiply(price, WHATIF_SPAN, 18);
    return { market: market.id, fromPrice: round(subtract(price, delta), 18), toPrice: round(add(price, delta), 18), steps: WHATIF_STEPS };
  }, [market.id, price]);
  const q = useQuery(apiUrl, WhatIfDocument, vars);
  const points = q.data?.whatIf.points ?? [];
  const name = market.name ?? shortAddress(market.marketId);
  const chart = useMemo(() => {
    type P = WhatIfResult['whatIf']['points'][number];
    const at = (p: P, f: (p: P) => string | null) => (f(p) === null ? null : { x: toNumber(p.price), value: toNumber(f(p)!) });
    const pts = (f: (p: P) => string | null) => points.map((p) => at(p, f)).filter((v): v is { x: number; value: number } => v !== null);
    const mid = Math.floor(points.length / 2);
    const regimes: Array<[number, string]> = [[mid - 20, '−10%'], [mid - 10, '−5%'], [mid, 'now'], [mid + 10, '+5%'], [mid + 20, '+10%']];
    const markers: Marker[] = regimes.filter(([i]) => points[i]?.swapRate).map(([i, text]) => ({ x: toNumber(points[i]!.price), text, series: 0, color: text === 'now' ? undefined : '#888' }));
    return {
      series: [
        { type: 'line' as const, title: 'rate', color: COLORS.rate, data: pts((p) => p.swapRate) },
        { type: 'line' as const, title: 'long PnL', color: COLORS.long, data: pts((p) => p.longPnl), pane: 1 },
        { type: 'line' as const, title: 'short PnL', color: COLORS.short, data: pts((p) => p.shortPnl), pane: 1 },
      ],
      markers,
      regimes: regimes.map(([i, label]) => ({ label, point: points[i] })).filter((r) => r.point),
    };
  }, [points]);
  return (
    <Panel
      title={`What if ${name} moves: the pool's rate and each side's PnL over ±15 % of the index price`}
      id="whatif"
      wide
      csv={q.data ? { name: `what-if-${name}`, columns: columnsOf(points), rows: points } : null}
      actions={
        markets.length > 1 && (
          <select data-testid="whatif-market" value={market.id} onChange={(e) => setParams({ market: (e.target as HTMLSelectElement).value })}>
            {markets.map((m) => (
              <option value={m.id}>{m.name ?? shortAddress(m.marketId)}</option>
            ))}
          </select>
        )
      }
    >
      {!vars ? <Empty>No index price for {name} yet.</Empty> : q.error ? <ErrorMessage what="the what-if curve" error={q.error} /> : !q.data ? <Loading what="the what-if curve" /> : (
        <>
          <Chart kind="price" label={`what-if curve of ${name}`} testid="chart-whatif" series={chart.series} markers={chart.markers} height={340} />
          <Legend items={[['swap rate (top)', COLORS.rate], [`long PnL (${symbol})`, COLORS.long], [`short PnL (${symbol})`, COLORS.short]]} />
          <p class="note">
            Horizontal axis: {name} index price, current price {price} marked "now". The four regimes of SPEC §6 A: a move up makes longs win and shorts lose (rate rises as the
            zToken supply would shrink), a larger move wipes out the losing side's margin; a move down mirrors it. Prices where the rate is missing make the pool value ≤ 0.
          </p>
          <div class="table-scroll">
            <table data-testid="table-whatif-regimes">
              <thead>
                <tr><th>Move</th><th class="num">Index price</th><th class="num">Long PnL</th><th class="num">Short PnL</th><th class="num">Rate</th></tr>
              </thead>
              <tbody>
                {chart.regimes.map((r) => (
                  <tr data-regime={r.label}>
                    <td>{r.label}</td>
                    <td class="num">{formatAmount(r.point!.price, { decimals: 2 })}</td>
                    <td class="num"><Pnl value={formatAmount(r.point!.longPnl, { decimals: 4, grouping: false }).replace('−', '-')} /></td>
                    <td class="num"><Pnl value={formatAmount(r.point!.shortPnl, { decimals: 4, grouping: false }).replace('−', '-')} /></td>
                    <td class="num">{r.point!.swapRate ? formatAmount(r.point!.swapRate, { decimals: 6 }) : 'reverts'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Panel>
  );
}

function LiquidityFeed({ rows }: { rows: Liquidity[] }) {
  const columns: Column<Liquidity>[] = [
    { header: 'Time (UTC)', value: (r) => r.timestamp, render: (r) => formatTime(r.timestamp) },
    { header: 'Kind', value: (r) => r.kind, render: (r) => <span class={r.kind === 'DEPOSIT' ? 'up' : 'down'}>{r.kind.toLowerCase()}</span> },
    { header: 'Account', value: (r) => r.account, render: (r) => <a class="mono" href={links.trader(r.account)}>{shortAddress(r.account)}</a> },
    { header: 'Settlement', value: (r) => r.settlementAmount, num: true },
    { header: 'Fee', value: (r) => r.fee, num: true },
    { header: 'zTokens', value: (r) => r.zTokenAmount, num: true },
    { header: 'Rate after', value: (r) => r.swapRate, num: true },
    { header: 'Block', value: (r) => r.blockNumber, num: true },
    { header: 'Tx', value: (r) => r.transactionHash, csvOnly: true },
  ];
  return <DataTable name="liquidity" title="Deposits and redemptions (latest 100)" columns={columns} rows={rows} rowKey={(r) => r.id} empty="No deposits or redemptions yet." wide />;
}


