import { createContext } from 'preact';
import { useContext, useState } from 'preact/hooks';
import type { StatusResult } from './generated/api.ts';

export interface AppState {
  apiUrl: string;
  status: StatusResult['indexingStatus'] | null;
  /**
   * "Now" on the indexed chain, unix seconds: the wall clock, or the latest
   * indexed event when the chain runs ahead of it (a local chain with an
   * accelerated clock). Time windows (24h, 7d, …) end here.
   */
  chainNow: number | null;
}

export const App = createContext<AppState>({ apiUrl: '', status: null, chainNow: null });
export const useApp = () => useContext(App);

/** chainNow when the view opened (null until the first status answer), fixed for the view's life. */
export function useOpenedAt(): number | null {
  const { chainNow } = useApp();
  const [opened, setOpened] = useState<number | null>(chainNow);
  if (opened === null && chainNow !== null) setOpened(chainNow);
  return opened ?? chainNow;
}

/** Blocks of lag from which the freshness banner shows. */
export const LAG_WARNING_BLOCKS = 5;
