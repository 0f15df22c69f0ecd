import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { loadConfig, type DashboardConfig } from './config.ts';
import { Pools } from './views/Pools.tsx';

function App() {
  const [config, setConfig] = useState<DashboardConfig | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    loadConfig().then(setConfig, (e: Error) => setError(e.message));
  }, []);
  return (
    <>
      <header>
        <h1>PvP AMM analytics</h1>
        {config && <span class="status">API {config.apiUrl}</span>}
      </header>
      <main>
        {error && <p class="error" role="alert">{error}</p>}
        {config && <Pools apiUrl={config.apiUrl} />}
      </main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
