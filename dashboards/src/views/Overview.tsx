import { useMemo } from 'preact/hooks';
import { useQuery } from '../api.ts';
import { Chart, Legend } from '../components/Chart.tsx';
import { DataTable, ErrorMessage, Loading, Panel, Stat, Empty, type Column } from '../components/ui.tsx';
import { useApp, useOpenedAt } from '../context.ts';
import { OverviewDetailDocument, OverviewDocument, ProtocolAtDocument, type OverviewResult } from '../generated/api.ts';
import { subtract, sum } from '@pvp/math/decimal';
import { formatAmount, formatChange, formatCompact } from '../lib/format.ts';
import { links, setParams, useRoute } from '../lib/router.ts';
import { candles, columnsOf, line, DAY } from '../lib/series.ts';
import { COLORS } from '../lib/theme.ts';

type PoolRow = OverviewResult['pools']['nodes'][number];

export function Overview() {
  const { apiUrl } = useApp();
  const opened = useOpenedAt();
  const now = opened ?? 0;
  const route = useRoute();
  const main = useQuery(apiUrl, OverviewDocument, {});
  const d = main.data;
  const pools = d?.pools.nodes ?? [];
  const selected = pools.find((p) => p.id.toLowerCase() === route.params.get('pool')?.toLowerCase()) ?? pools[0];
  const detail = useQuery(apiUrl, OverviewDetailDocument, selected && opened !== null ? { pool: selected.id, from: now - 7 * DAY, dayAgo: now - DAY } : null);
  const dd = detail.data;
  const beforeBlock = dd ? Math.max(dd.tradeBefore.nodes[0]?.blockNumber ?? 0, dd.liquidityBefore.nodes[0]?.blockNumber ?? 0) : -1;
  const before = useQuery(apiUrl, ProtocolAtDocument, beforeBlock > 0 ? { block: beforeBlock } : null);
  const rates = detail;

  if (main.error) return <ErrorMessage what="the overview" error={main.error} />;
  if (!d) return <Loading what="the overview" />;

  const prev = before.data?.protocol;
  // undefined: not known yet; null: nothing existed 24 h ago
  const prevPool = (id: string) => prev?.pools.find((p) => p.id === id) ?? (beforeBlock === 0 || prev ? null : undefined);
  const hourly = d.hourly;
  const last24 = hourly.slice(-24);
  const prev24 = hourly.slice(-48, -24);
  const volume24 = sum(last24.map((h) => h.volume));
  const fees24 = sum(last24.map((h) => h.fees));
  const liq24 = last24.reduce((n, h) => n + h.liquidations, 0);
  const lastHour = hourly[hourly.length - 1];
  const dayAgoHour = hourly[hourly.length - 25];
  const symbol = selected?.zTokenSymbol ?? 'zToken';
  const sp = selected ? prevPool(selected.id) : undefined;
  const change = (nowValue: string, was: string | null | undefined) => (was === undefined ? null : formatChange(nowValue, was, { compact: true }));

  return (
    <div class="view" data-testid="view-overview">
      <div class="view-head">
        <h1>Overview</h1>
        {pools.length > 1 && (
          <label class="field">
            Pool{' '}
            <select data-testid="overview-pool" value={selected?.id} onChange={(e) => setParams({ pool: (e.target as HTMLSelectElement).value })}>
              {pools.map((p) => (
                <option value={p.id}>{p.zTokenSymbol} · {p.id.slice(0, 10)}…</option>
              ))}
            </select>
          </label>
        )}
      </div>
      {pools.length === 0 ? (
        <Empty>No pools indexed yet.</Empty>
      ) : (
        <div class="stats" data-testid="headline">
          {selected && (
            <>
              <Stat id="pool-value" label={`Pool value (${symbol} pool)`} value={formatCompact(selected.settlementBalance)} title={selected.settlementBalance} change={change(selected.settlementBalance, sp === null ? null : sp?.settlementBalance)} />
              <Stat id="swap-rate" label={`${symbol} rate`} value={formatAmount(selected.swapRate, { decimals: 6 })} title={selected.swapRate} change={sp === undefined ? null : formatChange(selected.swapRate, sp?.swapRate ?? null, { decimals: 6 })} />
              <Stat id="oi-long" label="Open interest long" value={formatCompact(selected.openInterestLong, { unit: symbol })} title={selected.openInterestLong} change={change(selected.openInterestLong, sp === null ? null : sp?.openInterestLong)} />
              <Stat id="oi-short" label="Open interest short" value={formatCompact(selected.openInterestShort, { unit: symbol })} title={selected.openInterestShort} change={change(selected.openInterestShort, sp === null ? null : sp?.openInterestShort)} />
            </>
          )}
          <Stat id="volume-24h" label="24h volume (all pools)" value={formatCompact(volume24)} title={volume24} change={prev24.length ? formatChange(volume24, sum(prev24.map((h) => h.volume)), { compact: true }) : null} />
          <Stat id="fees-24h" label="24h fees (all pools)" value={formatCompact(fees24)} title={fees24} change={prev24.length ? formatChange(fees24, sum(prev24.map((h) => h.fees)), { compact: true }) : null} />
          <Stat id="traders" label="Traders" value={String(d.protocol?.traderCount ?? 0)} change={prev ? formatChange(String(d.protocol?.traderCount ?? 0), String(prev.traderCount)) : beforeBlock === 0 ? 'new' : null} />
          <Stat id="liquidations" label="Liquidations (24h)" value={String(liq24)} title={`${d.protocol?.liquidationCount ?? 0} all time`} change={prev ? `${d.protocol!.liquidationCount - prev.liquidationCount >= 0 ? '+' : ''}${d.protocol!.liquidationCount - prev.liquidationCount} total` : null} />
        </div>
      )}
      <PoolsTable pools={pools} previous={(id) => prevPool(id)} />
      <div class="grid">
        <Panel title={`${symbol} rate, hourly candles (7d)`} id="overview-rate" csv={rates.data ? { name: `rate-candles-${symbol}`, columns: columnsOf(rates.data.rateCandles), rows: rates.data.rateCandles } : null} actions={selected && <a href={links.pool(selected.id)}>Pool details →</a>}>
          {rates.error ? <ErrorMessage what="rate candles" error={rates.error} /> : !rates.data ? <Loading what="rate candles" /> : rates.data.rateCandles.length === 0 ? <Empty>No rate history yet.</Empty> : <Chart label="swap rate candles" testid="chart-overview-rate" series={[{ type: 'candles', title: 'rate', data: candles(rates.data.rateCandles) }]} />}
        </Panel>
        <SeriesPanel id="floating-pnl" title="Floating PnL of all pools, hourly" rows={hourly} empty="No floating PnL yet." series={(rows) => [{ type: 'area', title: 'floating PnL', color: COLORS.pnl, data: line(rows, (r) => r.unrealisedPnl) }]} legend={[['floating PnL (zToken, summed over pools)', COLORS.pnl]]} />
        <SeriesPanel id="skew" title="Long/short open interest and skew, hourly" rows={hourly} empty="No open interest yet." series={(rows) => [
          { type: 'line', title: 'long', color: COLORS.long, data: line(rows, (r) => r.openInterestLong) },
          { type: 'line', title: 'short', color: COLORS.short, data: line(rows, (r) => r.openInterestShort) },
          { type: 'histogram', title: 'skew', color: COLORS.rate, data: line(rows, (r) => subtract(r.openInterestLong, r.openInterestShort)), pane: 1 },
        ]} legend={[['long OI', COLORS.long], ['short OI', COLORS.short], ['skew = long − short', COLORS.rate]]} height={320} />
        <SeriesPanel id="volume-fees" title="Volume and fees by day" rows={d.daily} empty="No trading yet." series={(rows) => [
          { type: 'histogram', title: 'volume', color: COLORS.volume, data: line(rows, (r) => r.volume) },
          { type: 'histogram', title: 'fees', color: COLORS.fees, data: line(rows, (r) => r.fees), pane: 1 },
        ]} legend={[['volume', COLORS.volume], ['fees', COLORS.fees]]} height={320} />
      </div>
      {opened !== null && lastHour && dayAgoHour && <p class="note">Changes compare with the state 24 hours before the indexed chain time ({new Date(now * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC).</p>}
    </div>
  );
}

function SeriesPanel<Row extends { timestamp: number }>(props: { id: string; title: string; rows: Row[]; empty: string; series: (rows: Row[]) => Parameters<typeof Chart>[0]['series']; legend: Array<[string, string]>; height?: number }) {
  const series = useMemo(() => props.series(props.rows), [props.rows]);
  const hasData = props.rows.length > 0;
  return (
    <Panel title={props.title} id={props.id} csv={{ name: props.id, columns: columnsOf(props.rows), rows: props.rows }}>
      {hasData ? (
        <>
          <Chart label={props.title} testid={`chart-${props.id}`} series={series} height={props.height} />
          <Legend items={props.legend} />
        </>
      ) : (
        <Empty>{props.empty}</Empty>
      )}
    </Panel>
  );
}

function PoolsTable({ pools, previous }: { pools: PoolRow[]; previous: (id: string) => { swapRate: string } | null | undefined }) {
  const columns: Column<PoolRow>[] = [
    { header: 'Pool', value: (p) => p.id, render: (p) => <a class="mono" href={links.pool(p.id)}>{p.id}</a> },
    { header: 'zToken', value: (p) => p.zTokenSymbol },
    { header: 'Settlement balance', value: (p) => p.settlementBalance, num: true, field: 'settlementBalance' },
    { header: 'zToken supply', value: (p) => p.zTokenSupply, num: true, field: 'zTokenSupply' },
    { header: 'Swap rate', value: (p) => p.swapRate, num: true, field: 'swapRate' },
    { header: 'Rate 24h', value: (p) => { const b = previous(p.id); return b === undefined ? null : formatChange(p.swapRate, b?.swapRate ?? null, { decimals: 6 }); }, num: true, field: 'swapRateChange' },
    { header: 'Live rate', value: (p) => p.liveSwapRate.swapRate, num: true, field: 'liveSwapRate' },
    { header: 'Floating PnL', value: (p) => p.floatingPnl, num: true, field: 'floatingPnl' },
    { header: 'OI long', value: (p) => p.openInterestLong, num: true },
    { header: 'OI short', value: (p) => p.openInterestShort, num: true },
    { header: 'Deposits', value: (p) => p.depositCount, num: true },
    { header: 'Liquidations', value: (p) => p.liquidationCount, num: true },
  ];
  return <DataTable name="pools" title="Pools" columns={columns} rows={pools} rowKey={(p) => p.id} rowAttrs={(p) => ({ 'data-pool': p.id })} empty="No pools indexed yet." wide />;
}
