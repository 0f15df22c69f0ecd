import { useEffect, useState } from 'preact/hooks';
import { query } from '../api.ts';

interface PoolRow {
  id: string;
  zTokenSymbol: string;
  settlementBalance: string;
  zTokenSupply: string;
  swapRate: string;
  depositCount: number;
}
interface Status {
  indexedBlock: number | null;
  chainHeadBlock: number | null;
  lagBlocks: number | null;
}

const POOLS = `query Pools { pools(first: 100) { nodes { id zTokenSymbol settlementBalance zTokenSupply swapRate depositCount } } indexingStatus { indexedBlock chainHeadBlock lagBlocks } }`;

export function Pools({ apiUrl }: { apiUrl: string }) {
  const [pools, setPools] = useState<PoolRow[] | null>(null);
  const [status, setStatus] = useState<Status | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let stopped = false;
    const load = () =>
      query<{ pools: { nodes: PoolRow[] }; indexingStatus: Status }>(apiUrl, POOLS)
        .then((d) => {
          if (stopped) return;
          setPools(d.pools.nodes);
          setStatus(d.indexingStatus);
          setError(null);
        })
        .catch((e: Error) => !stopped && setError(e.message));
    void load();
    const timer = setInterval(load, 5000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [apiUrl]);

  return (
    <section>
      <p class="status" data-testid="indexing-status">
        {status ? `indexed block ${status.indexedBlock ?? '—'} of ${status.chainHeadBlock ?? '—'}` : 'loading status…'}
      </p>
      {error && <p class="error" role="alert">Could not load pools: {error}</p>}
      {pools === null && !error && <p>Loading pools…</p>}
      {pools !== null && pools.length === 0 && <p>No pools indexed yet.</p>}
      {pools !== null && pools.length > 0 && (
        <table data-testid="pools-table">
          <thead>
            <tr>
              <th>Pool</th>
              <th>zToken</th>
              <th class="num">Settlement balance</th>
              <th class="num">zToken supply</th>
              <th class="num">Swap rate</th>
              <th class="num">Deposits</th>
            </tr>
          </thead>
          <tbody>
            {pools.map((p) => (
              <tr key={p.id} data-pool={p.id}>
                <td class="mono">{p.id}</td>
                <td>{p.zTokenSymbol}</td>
                <td class="num" data-field="settlementBalance">{p.settlementBalance}</td>
                <td class="num" data-field="zTokenSupply">{p.zTokenSupply}</td>
                <td class="num" data-field="swapRate">{p.swapRate}</td>
                <td class="num">{p.depositCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
