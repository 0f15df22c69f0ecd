// Charts with lightweight-charts v5 (loaded on demand so the first paint does
// not wait for it). Numbers are converted to doubles here, for plotting only.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { IChartApiBase, ISeriesApi, SeriesType, Time } from 'lightweight-charts';
import { useTheme } from '../lib/theme.ts';

export interface LinePoint {
  x: number;
  value: number;
}
export interface CandlePoint {
  x: number;
  open: number;
  high: number;
  low: number;
  close: number;
}
export type SeriesSpec =
  | { type: 'line' | 'area' | 'histogram'; title: string; color: string; data: LinePoint[]; pane?: number }
  | { type: 'candles'; title: string; data: CandlePoint[]; pane?: number };

export interface Marker {
  x: number;
  text: string;
  color?: string;
  series?: number;
}

const lib = () => import('lightweight-charts');

export function Chart(props: { series: SeriesSpec[]; kind?: 'time' | 'price'; height?: number; markers?: Marker[]; label: string; testid?: string }) {
  const el = useRef<HTMLDivElement>(null);
  const [theme] = useTheme();
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    let chart: IChartApiBase<any> | null = null;
    let cancelled = false;
    lib().then((lw) => {
      if (cancelled || !el.current) return;
      const css = getComputedStyle(document.documentElement);
      const color = (name: string) => css.getPropertyValue(name).trim();
      const options = {
        autoSize: true,
        layout: { background: { color: color('--panel') }, textColor: color('--muted'), fontSize: 11, attributionLogo: false },
        grid: { vertLines: { color: color('--grid') }, horzLines: { color: color('--grid') } },
        rightPriceScale: { borderColor: color('--grid') },
        timeScale: { borderColor: color('--grid'), timeVisible: true, secondsVisible: false },
        crosshair: { mode: 0 },
      };
      chart = props.kind === 'price' ? lw.createOptionsChart(el.current, options) : lw.createChart(el.current, options);
      const made: ISeriesApi<SeriesType, any>[] = [];
      for (const s of props.series) {
        let series: ISeriesApi<SeriesType, any>;
        if (s.type === 'candles') {
          series = chart.addSeries(lw.CandlestickSeries, { title: s.title, upColor: color('--up'), downColor: color('--down'), wickUpColor: color('--up'), wickDownColor: color('--down'), borderVisible: false, priceFormat: { type: 'price', precision: 6, minMove: 0.000001 } }, s.pane ?? 0);
          series.setData(s.data.map((d) => ({ time: d.x as Time, open: d.open, high: d.high, low: d.low, close: d.close })));
        } else {
          const def = s.type === 'line' ? lw.LineSeries : s.type === 'area' ? lw.AreaSeries : lw.HistogramSeries;
          const style = s.type === 'line' ? { color: s.color, lineWidth: 2 as const } : s.type === 'area' ? { lineColor: s.color, topColor: `${s.color}55`, bottomColor: `${s.color}08`, lineWidth: 2 as const } : { color: s.color };
          series = chart.addSeries(def as typeof lw.LineSeries, { title: s.title, priceFormat: { type: 'price', precision: 4, minMove: 0.0001 }, ...style } as any, s.pane ?? 0);
          series.setData(s.data.map((d) => ({ time: d.x as Time, value: d.value })));
        }
        made.push(series);
      }
      if (props.markers?.length) {
        const bySeries = new Map<number, Marker[]>();
        for (const m of props.markers) bySeries.set(m.series ?? 0, [...(bySeries.get(m.series ?? 0) ?? []), m]);
        for (const [i, ms] of bySeries) {
          if (made[i]) lw.createSeriesMarkers(made[i]!, ms.sort((a, b) => a.x - b.x).map((m) => ({ time: m.x as Time, position: 'aboveBar' as const, shape: 'arrowDown' as const, color: m.color ?? color('--accent'), text: m.text })));
        }
      }
      chart.timeScale().fitContent();
    }, (e: Error) => setFailed(e.message));
    return () => {
      cancelled = true;
      chart?.remove();
    };
  }, [props.series, props.markers, props.kind, theme]);
  if (failed) return <p class="error" role="alert">Could not draw the chart: {failed}</p>;
  return <div class="chart" ref={el} style={{ height: `${props.height ?? 280}px` }} role="img" aria-label={props.label} data-testid={props.testid} />;
}

export function Legend({ items }: { items: Array<[string, string]> }) {
  return (
    <div class="legend">
      {items.map(([text, color]) => (
        <span>
          <i style={{ background: color }} />
          {text}
        </span>
      ))}
    </div>
  );
}
