import { useMemo } from 'preact/hooks';
import { useQuery } from '../api.ts';
import { Chart, Legend } from '../components/Chart.tsx';
import { DataTable, ErrorMessage, Loading, Panel, Pnl, Stat, Empty, type Column } from '../components/ui.tsx';
import { useApp } from '../context.ts';
import { TraderViewDocument, type TraderViewResult } from '../generated/api.ts';
import { add } from '@pvp/math/decimal';
import { formatCompact, formatPercent, formatTime, shortAddress, toNumber } from '../lib/format.ts';
import { links } from '../lib/router.ts';
import { COLORS } from '../lib/theme.ts';

type T = NonNullable<TraderViewResult['trader']>;
type Pos = T['positions']['nodes'][number];
type Trade = T['trades']['nodes'][number];

export function TraderView({ id }: { id: string }) {
  const { apiUrl } = useApp();
  const q = useQuery(apiUrl, TraderViewDocument, { id });
  const t = q.data?.trader;
  // Cumulative realised PnL after each trade (exact sums; doubles for the plot only).
  const pnlRows = useMemo(() => {
    const trades = [...(t?.trades.nodes ?? [])].sort((a, b) => a.timestamp - b.timestamp || a.blockNumber - b.blockNumber);
    let total = '0';
    const out: Array<{ timestamp: number; blockNumber: number; trade: string; kind: string; pnl: string; cumulativePnl: string }> = [];
    for (const tr of trades) {
      total = add(total, tr.pnl);
      const last = out[out.length - 1];
      const row = { timestamp: tr.timestamp, blockNumber: tr.blockNumber, trade: tr.id, kind: tr.kind, pnl: tr.pnl, cumulativePnl: total };
      if (last && last.timestamp === tr.timestamp) out[out.length - 1] = row;
      else out.push(row);
    }
    return out;
  }, [t]);
  const series = useMemo(() => [{ type: 'area' as const, title: 'realised PnL', color: COLORS.pnl, data: pnlRows.map((r) => ({ x: r.timestamp, value: toNumber(r.cumulativePnl) })) }], [pnlRows]);
  if (q.error) return <ErrorMessage what={`trader ${id}`} error={q.error} />;
  if (!q.data) return <Loading what="the trader" />;
  if (!t) return <p class="error" role="alert">No trader {id} has been seen.</p>;
  const posColumns: Column<Pos>[] = [
    { header: 'Position', value: (p) => p.id, csvOnly: true },
    { header: 'Market', value: (p) => p.market.name ?? p.market.id, render: (p) => <a href={links.market(p.market.id)}>{p.market.name ?? shortAddress(p.market.id)} · {p.pool.zTokenSymbol}</a> },
    { header: 'Side', value: (p) => (p.isLong ? 'long' : 'short') },
    { header: 'Status', value: (p) => p.status },
    { header: 'Lev.', value: (p) => p.leverage, num: true },
    { header: 'Entry', value: (p) => p.entryPrice, num: true },
    { header: 'Margin', value: (p) => p.margin, num: true },
    { header: 'Notional', value: (p) => p.notional, num: true },
    { header: 'Live PnL', value: (p) => p.unrealisedPnl, render: (p) => <Pnl value={p.unrealisedPnl} />, num: true },
    { header: 'Realised PnL', value: (p) => p.realisedPnl, render: (p) => <Pnl value={p.realisedPnl} />, num: true },
    { header: 'Opened (UTC)', value: (p) => p.openedAtTimestamp, render: (p) => formatTime(p.openedAtTimestamp) },
  ];
  const tradeColumns: Column<Trade>[] = [
    { header: 'Time (UTC)', value: (r) => r.timestamp, render: (r) => formatTime(r.timestamp) },
    { header: 'Kind', value: (r) => r.kind },
    { header: 'Side', value: (r) => (r.isLong ? 'long' : 'short') },
    { header: 'Margin', value: (r) => r.margin, num: true },
    { header: 'Notional', value: (r) => r.notional, num: true },
    { header: 'Price', value: (r) => r.price, num: true },
    { header: 'PnL', value: (r) => r.pnl, render: (r) => <Pnl value={r.pnl} />, num: true },
    { header: 'Payout', value: (r) => r.payout, num: true },
    { header: 'Block', value: (r) => r.blockNumber, num: true },
    { header: 'Position', value: (r) => r.position, csvOnly: true },
  ];
  return (
    <div class="view" data-testid="view-trader">
      <div class="view-head"><h1>Trader <span class="mono small">{t.id}</span></h1><a href={links.positions({ trader: t.id })}>Positions →</a></div>
      <div class="stats">
        <Stat id="trader-realised" label="Realised PnL" value={formatCompact(t.cumulativeRealisedPnl, { sign: true })} title={t.cumulativeRealisedPnl} />
        <Stat id="trader-unrealised" label="Unrealised PnL (live)" value={formatCompact(t.unrealisedPnl, { sign: true })} title={t.unrealisedPnl} />
        <Stat id="trader-volume" label="Volume" value={formatCompact(t.cumulativeVolume)} title={t.cumulativeVolume} />
        <Stat id="trader-trades" label="Trades / positions" value={`${t.tradeCount} / ${t.positionCount}`} />
        <Stat id="trader-winrate" label="Win rate" value={t.winRate ? formatPercent(t.winRate, { decimals: 1 }) : '—'} title={`${t.winCount} wins, ${t.lossCount} losses`} />
        <Stat id="trader-liquidations" label="Liquidations" value={String(t.liquidationCount)} />
      </div>
      <Panel title="Cumulative realised PnL" id="trader-pnl" wide csv={{ name: `trader-pnl-${shortAddress(t.id)}`, columns: [
        { header: 'timestamp', value: (r: (typeof pnlRows)[number]) => r.timestamp }, { header: 'blockNumber', value: (r) => r.blockNumber }, { header: 'kind', value: (r) => r.kind }, { header: 'pnl', value: (r) => r.pnl }, { header: 'cumulativePnl', value: (r) => r.cumulativePnl },
      ], rows: pnlRows }}>
        {pnlRows.length === 0 ? <Empty>No trades yet.</Empty> : <><Chart label="cumulative realised PnL" testid="chart-trader-pnl" series={series} /><Legend items={[['realised PnL, summed over trades (zToken units of each pool added)', COLORS.pnl]]} /></>}
      </Panel>
      <DataTable name="trader-positions" title="Positions" columns={posColumns} rows={t.positions.nodes} rowKey={(p) => p.id} empty="No positions." wide />
      <DataTable name="trader-trades" title="Trades (latest 500)" columns={tradeColumns} rows={t.trades.nodes} rowKey={(r) => r.id} empty="No trades." wide />
    </div>
  );
}
