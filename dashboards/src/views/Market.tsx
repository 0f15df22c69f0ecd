import { useMemo } from 'preact/hooks';
import { useQuery } from '../api.ts';
import { Chart, Legend } from '../components/Chart.tsx';
import { DataTable, ErrorMessage, Loading, Panel, Stat, Empty, Pnl, type Column } from '../components/ui.tsx';
import { useApp } from '../context.ts';
import { MarketViewDocument, type MarketViewResult } from '../generated/api.ts';
import { subtract } from '@pvp/math/decimal';
import { formatAmount, formatCompact, formatPercent, formatTime, shortAddress } from '../lib/format.ts';
import { links } from '../lib/router.ts';
import { columnsOf, line } from '../lib/series.ts';
import { COLORS } from '../lib/theme.ts';

type Liq = MarketViewResult['liquidations']['nodes'][number];

export function MarketView({ id }: { id: string }) {
  const { apiUrl } = useApp();
  const q = useQuery(apiUrl, MarketViewDocument, { id });
  const stats = q.data?.periodStats ?? [];
  const oi = useMemo(() => [
    { type: 'line' as const, title: 'long', color: COLORS.long, data: line(stats, (r) => r.openInterestLong) },
    { type: 'line' as const, title: 'short', color: COLORS.short, data: line(stats, (r) => r.openInterestShort) },
    { type: 'histogram' as const, title: 'skew', color: COLORS.rate, data: line(stats, (r) => subtract(r.openInterestLong, r.openInterestShort)), pane: 1 },
  ], [stats]);
  const pnl = useMemo(() => [{ type: 'area' as const, title: 'unrealised PnL', color: COLORS.pnl, data: line(stats, (r) => r.unrealisedPnl) }], [stats]);
  if (q.error) return <ErrorMessage what={`market ${id}`} error={q.error} />;
  if (!q.data) return <Loading what="the market" />;
  const m = q.data.market;
  if (!m) return <p class="error" role="alert">No market {id} is indexed.</p>;
  const sym = m.pool.zTokenSymbol;
  const name = m.name ?? shortAddress(m.marketId);
  const liqColumns: Column<Liq>[] = [
    { header: 'Time (UTC)', value: (r) => r.timestamp, render: (r) => formatTime(r.timestamp) },
    { header: 'Trader', value: (r) => r.trader, render: (r) => <a class="mono" href={links.trader(r.trader)}>{shortAddress(r.trader)}</a> },
    { header: 'Side', value: (r) => (r.isLong ? 'long' : 'short') },
    { header: 'Margin', value: (r) => r.margin, num: true },
    { header: 'Notional', value: (r) => r.notional, num: true },
    { header: 'Price', value: (r) => r.price, num: true },
    { header: 'PnL', value: (r) => r.pnl, render: (r) => <Pnl value={r.pnl} />, num: true },
    { header: 'Keeper reward', value: (r) => r.keeperReward, num: true },
    { header: 'Position', value: (r) => r.position, csvOnly: true },
    { header: 'Block', value: (r) => r.blockNumber, num: true },
  ];
  return (
    <div class="view" data-testid="view-market">
      <div class="view-head">
        <h1>
          {name} market in the <a href={links.pool(m.pool.id)}>{sym} pool</a>
        </h1>
        <a href={links.positions({ market: m.id })}>Positions in this market →</a>
      </div>
      <div class="stats">
        <Stat id="market-price" label={`Index price (${m.livePrice.priceSource.toLowerCase()})`} value={m.livePrice.price ? formatAmount(m.livePrice.price, { decimals: 2 }) : 'n/a'} title={m.livePrice.price ?? undefined} />
        <Stat id="market-oi-long" label="Open interest long" value={formatCompact(m.openInterestLong, { unit: sym })} title={m.openInterestLong} />
        <Stat id="market-oi-short" label="Open interest short" value={formatCompact(m.openInterestShort, { unit: sym })} title={m.openInterestShort} />
        <Stat id="market-skew" label="Skew (long − short)" value={formatCompact(m.skew, { sign: true })} title={m.balanceRate ? `balance rate ${formatPercent(m.balanceRate)}` : m.skew} />
        <Stat id="market-upnl" label="Unrealised PnL (traders)" value={formatCompact(m.liveUnrealisedPnl, { sign: true, unit: sym })} title={m.liveUnrealisedPnl} />
        <Stat id="market-liquidations" label="Liquidations" value={String(m.liquidationCount)} />
      </div>
      <div class="grid">
        <Panel title="Open interest and skew, hourly (7d)" id="market-oi" csv={{ name: `market-stats-${name}`, columns: columnsOf(stats), rows: stats }}>
          {stats.length === 0 ? <Empty>No history yet.</Empty> : <><Chart label="open interest" testid="chart-market-oi" series={oi} height={320} /><Legend items={[['long OI', COLORS.long], ['short OI', COLORS.short], ['skew', COLORS.rate]]} /></>}
        </Panel>
        <Panel title="Unrealised PnL of the market's traders, hourly" id="market-pnl" csv={{ name: `market-pnl-${name}`, columns: columnsOf(stats), rows: stats }}>
          {stats.length === 0 ? <Empty>No history yet.</Empty> : <Chart label="unrealised PnL" testid="chart-market-pnl" series={pnl} />}
        </Panel>
      </div>
      <Panel title="Entry prices" id="market-entry">
        <dl class="params">
          <dt>Average entry long (pL = x1/x2)</dt><dd class="mono">{m.averageEntryPriceLong ?? '—'}</dd>
          <dt>Average entry short (pS = y1/y2)</dt><dd class="mono">{m.averageEntryPriceShort ?? '—'}</dd>
          <dt>Long/short ratio</dt><dd class="mono">{m.longShortRatio ?? '—'}</dd>
          <dt>Latest indexed price</dt><dd class="mono">{m.latestPrice ?? '—'}</dd>
        </dl>
      </Panel>
      <DataTable name="liquidations" title="Liquidations (latest 100)" columns={liqColumns} rows={q.data.liquidations.nodes} rowKey={(r) => r.id} empty="No liquidations in this market." wide />
    </div>
  );
}
