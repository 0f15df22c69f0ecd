import { useQuery } from '../api.ts';
import { DataTable, ErrorMessage, Loading, Pnl, Segmented, type Column } from '../components/ui.tsx';
import { useApp, useOpenedAt } from '../context.ts';
import { LeaderboardDocument, type LeaderboardOrder, type LeaderboardResult } from '../generated/api.ts';
import { formatPercent, shortAddress } from '../lib/format.ts';
import { links, setParams, useRoute } from '../lib/router.ts';
import { DAY } from '../lib/series.ts';

type Row = LeaderboardResult['leaderboard']['nodes'][number];
type Window = '24h' | '7d' | '30d' | 'all';
const WINDOWS: Array<[Window, string]> = [['24h', '24h'], ['7d', '7d'], ['30d', '30d'], ['all', 'All time']];
const ORDERS: Array<[LeaderboardOrder, string]> = [['REALISED_PNL', 'PnL'], ['VOLUME', 'Volume'], ['TRADES', 'Trades'], ['LIQUIDATIONS', 'Liquidations']];
const SPAN: Record<Window, number> = { '24h': DAY, '7d': 7 * DAY, '30d': 30 * DAY, all: 0 };

export function LeaderboardView() {
  const { apiUrl } = useApp();
  const now = useOpenedAt();
  const route = useRoute();
  const window = (WINDOWS.some(([w]) => w === route.params.get('window')) ? route.params.get('window') : 'all') as Window;
  const order = (ORDERS.some(([o]) => o === route.params.get('order')) ? route.params.get('order') : 'REALISED_PNL') as LeaderboardOrder;
  const vars = window === 'all' ? { from: null, to: null, orderBy: order } : now === null ? null : { from: now - SPAN[window], to: now + 1, orderBy: order };
  const q = useQuery(apiUrl, LeaderboardDocument, vars);
  const columns: Column<Row>[] = [
    { header: '#', value: (r) => r.rank, num: true },
    { header: 'Trader', value: (r) => r.trader, render: (r) => <a class="mono" href={links.trader(r.trader)}>{shortAddress(r.trader)}</a>, field: 'trader' },
    { header: 'Realised PnL', value: (r) => r.realisedPnl, render: (r) => <Pnl value={r.realisedPnl} />, num: true, field: 'realisedPnl' },
    { header: 'Unrealised PnL', value: (r) => r.unrealisedPnl, render: (r) => <Pnl value={r.unrealisedPnl} />, num: true },
    { header: 'Volume', value: (r) => r.volume, num: true, field: 'volume' },
    { header: 'Trades', value: (r) => r.trades, num: true },
    { header: 'Liquidations', value: (r) => r.liquidations, num: true },
    { header: 'Wins', value: (r) => r.wins, num: true },
    { header: 'Losses', value: (r) => r.losses, num: true },
    { header: 'Win rate', value: (r) => r.winRate, render: (r) => (r.winRate ? formatPercent(r.winRate, { decimals: 1 }) : '—'), num: true },
  ];
  const pickers = (
    <>
      <Segmented name="window" label="Time window" value={window} options={WINDOWS} onChange={(v) => setParams({ window: v })} />
      <Segmented name="order" label="Rank by" value={order} options={ORDERS} onChange={(v) => setParams({ order: v })} />
    </>
  );
  return (
    <div class="view" data-testid="view-leaderboard">
      <div class="view-head"><h1>Leaderboard</h1></div>
      {q.error ? <ErrorMessage what="the leaderboard" error={q.error} /> : !q.data ? <Loading what="the leaderboard" /> : (
        <DataTable name={`leaderboard-${window}`} title={`Traders, ${window === 'all' ? 'all time' : `last ${window}`}, by ${ORDERS.find(([o]) => o === order)![1].toLowerCase()}`} columns={columns} rows={q.data.leaderboard.nodes} rowKey={(r) => r.trader} rowAttrs={(r) => ({ 'data-trader': r.trader })} empty="No trades in this window." actions={pickers} wide />
      )}
    </div>
  );
}
