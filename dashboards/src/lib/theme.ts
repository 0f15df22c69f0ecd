// Dark and light themes: the user's choice (localStorage), else the system's.
import { useEffect, useState } from 'preact/hooks';

export type Theme = 'dark' | 'light';
const listeners = new Set<(t: Theme) => void>();

export function initialTheme(): Theme {
  const saved = localStorage.getItem('theme');
  if (saved === 'dark' || saved === 'light') return saved;
  return matchMedia?.('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
}

export function applyTheme(t: Theme): void {
  document.documentElement.dataset.theme = t;
}

export function setTheme(t: Theme): void {
  localStorage.setItem('theme', t);
  applyTheme(t);
  listeners.forEach((l) => l(t));
}

export function useTheme(): [Theme, (t: Theme) => void] {
  const [theme, set] = useState<Theme>(() => (document.documentElement.dataset.theme as Theme) ?? initialTheme());
  useEffect(() => {
    listeners.add(set);
    return () => void listeners.delete(set);
  }, []);
  return [theme, setTheme];
}

/** Series colours that read on both themes. */
export const COLORS = { long: '#26a269', short: '#e5484d', rate: '#3b82f6', pnl: '#f59e0b', supply: '#8b5cf6', balance: '#14b8a6', volume: '#3b82f6', fees: '#f59e0b' };
