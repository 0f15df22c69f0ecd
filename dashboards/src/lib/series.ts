// Converting API rows (exact strings) into chart points (doubles, plotting only)
// and CSV column sets for the charts' data.
import type { CandlePoint, LinePoint } from '../components/Chart.tsx';
import type { CsvColumn } from './csv.ts';
import { toNumber } from './format.ts';

export function line<Row extends { timestamp: number }>(rows: Row[], value: (r: Row) => string | null): LinePoint[] {
  const out: LinePoint[] = [];
  for (const r of rows) {
    const v = value(r);
    if (v !== null) out.push({ x: r.timestamp, value: toNumber(v) });
  }
  return out;
}

export function candles(rows: Array<{ timestamp: number; open: string; high: string; low: string; close: string }>): CandlePoint[] {
  return rows.map((r) => ({ x: r.timestamp, open: toNumber(r.open), high: toNumber(r.high), low: toNumber(r.low), close: toNumber(r.close) }));
}

/** CSV columns for every field of the rows, in order (values as the API gave them). */
export function columnsOf<Row extends object>(rows: Row[], extra: CsvColumn<Row>[] = []): CsvColumn<Row>[] {
  const first = rows[0];
  if (!first) return extra;
  const cols: CsvColumn<Row>[] = Object.keys(first).filter((k) => typeof (first as Record<string, unknown>)[k] !== 'object' || (first as Record<string, unknown>)[k] === null).map((k) => ({ header: k, value: (r: Row) => (r as Record<string, string | number | boolean | null>)[k] }));
  return [...cols, ...extra];
}

export const DAY = 86400;
export type RangeKey = '7d' | '30d' | 'all';
export const RANGES: Array<[RangeKey, string]> = [
  ['7d', '7d'],
  ['30d', '30d'],
  ['all', 'All'],
];
export const INTERVALS: Array<['HOUR' | 'DAY', string]> = [
  ['HOUR', '1h'],
  ['DAY', '1d'],
];

/** Start of a time range ending at `now`; "all" starts at `since` (capped to the API's 5000 buckets). */
export function rangeStart(range: RangeKey, interval: 'HOUR' | 'DAY', now: number, since: number): number {
  const bucket = interval === 'HOUR' ? 3600 : DAY;
  const earliest = now - 4999 * bucket;
  if (range === 'all') return Math.max(since, earliest);
  return Math.max(now - (range === '7d' ? 7 : 30) * DAY, earliest);
}
