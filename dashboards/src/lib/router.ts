// A small history-API router: the URL (path and query) is the state, so every
// view is a permalink (pool, market, range, filters).
import { useEffect, useState } from 'preact/hooks';

export interface Route {
  path: string[];
  params: URLSearchParams;
}

function current(): Route {
  return { path: location.pathname.split('/').filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(location.search) };
}

const listeners = new Set<() => void>();
addEventListener('popstate', () => listeners.forEach((l) => l()));

export function navigate(url: string, opts: { replace?: boolean } = {}): void {
  if (url === location.pathname + location.search) return;
  if (opts.replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  scrollTo?.(0, 0);
  listeners.forEach((l) => l());
}

/** The same path with some query parameters changed (empty values removed). */
export function withParams(changes: Record<string, string | null | undefined>): string {
  const params = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === undefined || v === '') params.delete(k);
    else params.set(k, v);
  }
  const q = params.toString();
  return `${location.pathname}${q ? `?${q}` : ''}`;
}

export function setParams(changes: Record<string, string | null | undefined>): void {
  navigate(withParams(changes), { replace: true });
}

export function useRoute(): Route {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const l = () => setRoute(current());
    listeners.add(l);
    return () => void listeners.delete(l);
  }, []);
  return route;
}

/** Intercepts clicks on same-origin links so they do not reload the page. */
export function installLinkInterception(): void {
  document.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = (e.target as Element | null)?.closest?.('a');
    if (!a || a.target || a.hasAttribute('download') || a.origin !== location.origin) return;
    e.preventDefault();
    navigate(a.pathname + a.search);
  });
}

export const links = {
  overview: (pool?: string) => (pool ? `/?pool=${pool}` : '/'),
  pool: (id: string) => `/pool/${id}`,
  market: (id: string) => `/market/${id}`,
  positions: (filters: Record<string, string> = {}) => `/positions${Object.keys(filters).length ? `?${new URLSearchParams(filters)}` : ''}`,
  leaderboard: () => '/leaderboard',
  trader: (id: string) => `/trader/${id}`,
};
