import { useState } from 'preact/hooks';
import { useQuery } from '../api.ts';
import { DataTable, ErrorMessage, Loading, Pnl, type Column } from '../components/ui.tsx';
import { useApp } from '../context.ts';
import { PositionsDocument, type PositionStatus, type PositionsResult } from '../generated/api.ts';
import { formatTime, shortAddress } from '../lib/format.ts';
import { links, setParams, useRoute } from '../lib/router.ts';

type Row = PositionsResult['positions']['nodes'][number];
const FULL_ADDRESS = /^0x[0-9a-fA-F]{40}$/;

export function PositionsView() {
  const { apiUrl } = useApp();
  const route = useRoute();
  const traderParam = route.params.get('trader') ?? '';
  const market = route.params.get('market') || null;
  const statusParam = route.params.get('status');
  const status = (['OPEN', 'CLOSED', 'LIQUIDATED'].includes(statusParam ?? '') ? statusParam : null) as PositionStatus | null;
  const [text, setText] = useState(traderParam);
  // A full address filters in the API; a fragment filters the loaded rows.
  const q = useQuery(apiUrl, PositionsDocument, { market, status, trader: FULL_ADDRESS.test(traderParam) ? traderParam : null, pool: null, after: null });
  const fragment = !FULL_ADDRESS.test(traderParam) && traderParam ? traderParam.toLowerCase() : null;
  const rows = (q.data?.positions.nodes ?? []).filter((p) => !fragment || p.trader.toLowerCase().includes(fragment));
  const markets = (q.data?.pools.nodes ?? []).flatMap((p) => p.markets.map((m) => ({ id: m.id, label: `${m.name ?? shortAddress(m.id)} · ${p.zTokenSymbol}` })));
  const columns: Column<Row>[] = [
    { header: 'Position', value: (p) => p.id, csvOnly: true },
    { header: 'Trader', value: (p) => p.trader, render: (p) => <a class="mono" href={links.trader(p.trader)}>{shortAddress(p.trader)}</a>, field: 'trader' },
    { header: 'Market', value: (p) => p.market.name ?? p.market.id, render: (p) => <a href={links.market(p.market.id)}>{p.market.name ?? shortAddress(p.market.id)} · {p.pool.zTokenSymbol}</a>, field: 'market' },
    { header: 'Side', value: (p) => (p.isLong ? 'long' : 'short'), render: (p) => <span class={p.isLong ? 'up' : 'down'}>{p.isLong ? 'long' : 'short'}</span> },
    { header: 'Status', value: (p) => p.status, field: 'status' },
    { header: 'Lev.', value: (p) => p.leverage, num: true },
    { header: 'Entry', value: (p) => p.entryPrice, num: true },
    { header: 'Mark', value: (p) => p.markPrice?.price ?? null, num: true },
    { header: 'Margin', value: (p) => p.margin, num: true },
    { header: 'Notional', value: (p) => p.notional, num: true },
    { header: 'Live PnL', value: (p) => p.unrealisedPnl, render: (p) => <Pnl value={p.unrealisedPnl} />, num: true, field: 'unrealisedPnl' },
    { header: 'Realised PnL', value: (p) => p.realisedPnl, render: (p) => <Pnl value={p.realisedPnl} />, num: true },
    { header: 'Opened (UTC)', value: (p) => p.openedAtTimestamp, render: (p) => formatTime(p.openedAtTimestamp) },
    { header: 'Closed (UTC)', value: (p) => p.closedAtTimestamp, render: (p) => (p.closedAtTimestamp ? formatTime(p.closedAtTimestamp) : '—') },
  ];
  const filters = (
    <form class="filters" onSubmit={(e) => { e.preventDefault(); setParams({ trader: text.trim() }); }}>
      <input type="search" placeholder="Trader address (or part)" value={text} data-testid="filter-trader" onInput={(e) => setText((e.target as HTMLInputElement).value)} onChange={(e) => setParams({ trader: (e.target as HTMLInputElement).value.trim() })} />
      <select data-testid="filter-market" value={market ?? ''} onChange={(e) => setParams({ market: (e.target as HTMLSelectElement).value })}>
        <option value="">All markets</option>
        {markets.map((m) => <option value={m.id}>{m.label}</option>)}
      </select>
      <select data-testid="filter-status" value={status ?? ''} onChange={(e) => setParams({ status: (e.target as HTMLSelectElement).value })}>
        <option value="">Any status</option>
        <option value="OPEN">Open</option>
        <option value="CLOSED">Closed</option>
        <option value="LIQUIDATED">Liquidated</option>
      </select>
    </form>
  );
  return (
    <div class="view" data-testid="view-positions">
      <div class="view-head"><h1>Positions</h1></div>
      {q.error ? <ErrorMessage what="positions" error={q.error} /> : !q.data ? <Loading what="positions" /> : (
        <>
          <DataTable name="positions" title={`Positions${q.data.positions.pageInfo.hasNextPage ? ' (first 200)' : ''}: ${rows.length}`} columns={columns} rows={rows} rowKey={(p) => p.id} rowAttrs={(p) => ({ 'data-position': p.id })} empty="No positions match these filters." actions={filters} wide limit={200} />
        </>
      )}
      {!q.data && filters}
    </div>
  );
}
