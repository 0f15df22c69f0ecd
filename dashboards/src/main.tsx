import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { query } from './api.ts';
import { loadConfig, type DashboardConfig } from './config.ts';
import { App, LAG_WARNING_BLOCKS, type AppState } from './context.ts';
import { StatusDocument } from './generated/api.ts';
import { installLinkInterception, useRoute } from './lib/router.ts';
import { applyTheme, initialTheme, useTheme } from './lib/theme.ts';
import { Overview } from './views/Overview.tsx';
import { PoolView } from './views/Pool.tsx';
import { MarketView } from './views/Market.tsx';
import { PositionsView } from './views/Positions.tsx';
import { LeaderboardView } from './views/Leaderboard.tsx';
import { TraderView } from './views/Trader.tsx';

applyTheme(initialTheme());
installLinkInterception();

const STATUS_EVERY_MS = 4000;

function Root() {
  const [config, setConfig] = useState<DashboardConfig | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [state, setState] = useState<AppState | null>(null);
  const [statusError, setStatusError] = useState<string | null>(null);
  const [theme, setTheme] = useTheme();
  const route = useRoute();

  useEffect(() => {
    loadConfig().then(setConfig, (e: Error) => setError(e.message));
  }, []);

  useEffect(() => {
    if (!config) return;
    // views start loading at once; chainNow follows with the first status
    setState({ apiUrl: config.apiUrl, status: null, chainNow: null });
    let stopped = false;
    const load = () =>
      query(config.apiUrl, StatusDocument, {}).then(
        (d) => {
          if (stopped) return;
          const latest = Math.max(d.latestTrade.nodes[0]?.timestamp ?? 0, d.latestLiquidity.nodes[0]?.timestamp ?? 0);
          const chainNow = Math.max(Math.floor(Date.now() / 1000), latest);
          setState({ apiUrl: config.apiUrl, status: d.indexingStatus, chainNow });
          setStatusError(null);
        },
        (e: Error) => {
          if (stopped) return;
          setStatusError(e.message);
          // views still render (and show their own errors) when the status cannot be read
          setState((s) => ({ apiUrl: config.apiUrl, status: s?.status ?? null, chainNow: s?.chainNow ?? Math.floor(Date.now() / 1000) }));
        },
      );
    void load();
    const timer = setInterval(load, STATUS_EVERY_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [config]);

  const s = state?.status;
  const lagging = s?.lagBlocks !== null && s?.lagBlocks !== undefined && s.lagBlocks >= LAG_WARNING_BLOCKS;
  const section = route.path[0] ?? '';
  const nav: Array<[string, string, string[]]> = [
    ['/', 'Overview', ['', 'pool', 'market']],
    ['/positions', 'Positions', ['positions']],
    ['/leaderboard', 'Leaderboard', ['leaderboard', 'trader']],
  ];
  return (
    <>
      <header>
        <a class="brand" href="/">PvP AMM analytics</a>
        <nav>
          {nav.map(([href, text, sections]) => (
            <a href={href} class={sections.includes(section) ? 'active' : undefined}>
              {text}
            </a>
          ))}
        </nav>
        <span class="status" data-testid="indexing-status" title={config ? `API ${config.apiUrl}` : undefined}>
          {s ? `indexed block ${s.indexedBlock ?? '—'} of ${s.chainHeadBlock ?? '—'}` : statusError ? 'indexing status unknown' : 'loading status…'}
        </span>
        <button type="button" class="theme" data-testid="theme-toggle" onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')} title="Switch between dark and light">
          {theme === 'dark' ? '☀ Light' : '☾ Dark'}
        </button>
      </header>
      {lagging && (
        <div class="banner" role="status" data-testid="freshness-banner">
          Indexing lags the chain head by {s!.lagBlocks} blocks (indexed block {s!.indexedBlock} of {s!.chainHeadBlock}): figures may be out of date.
        </div>
      )}
      {statusError && (
        <div class="banner error" role="alert" data-testid="status-error">
          Cannot read the indexing status: {statusError}
        </div>
      )}
      <main>
        {error && <p class="error" role="alert">{error}</p>}
        {!error && !state && <p class="loading">Connecting to the API…</p>}
        {state && <App.Provider value={state}>{view(route.path)}</App.Provider>}
      </main>
    </>
  );
}

function view(path: string[]) {
  const [section, id] = path;
  switch (section) {
    case undefined:
      return <Overview />;
    case 'pool':
      return id ? <PoolView id={id} /> : <Overview />;
    case 'market':
      return id ? <MarketView id={id} /> : <Overview />;
    case 'positions':
      return <PositionsView />;
    case 'leaderboard':
      return <LeaderboardView />;
    case 'trader':
      return id ? <TraderView id={id} /> : <LeaderboardView />;
    default:
      return <p class="error" role="alert">No page at {location.pathname}. <a href="/">Go to the overview</a>.</p>;
  }
}

render(<Root />, document.getElementById('app')!);
