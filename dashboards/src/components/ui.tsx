import type { ComponentChildren, JSX } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { downloadCsv, toCsv, type CsvColumn } from '../lib/csv.ts';

export function Loading({ what }: { what: string }) {
  return (
    <p class="loading" data-testid="loading" aria-busy="true">
      Loading {what}…
    </p>
  );
}

export function ErrorMessage({ what, error }: { what: string; error: string }) {
  return (
    <p class="error" role="alert">
      Could not load {what}: {error}
    </p>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return (
    <p class="empty" data-testid="empty">
      {children}
    </p>
  );
}

export interface CsvSource<Row> {
  name: string;
  columns: CsvColumn<Row>[];
  rows: Row[];
}

export function CsvButton<Row>({ source, testid }: { source: CsvSource<Row>; testid?: string }) {
  return (
    <button type="button" class="csv" data-testid={testid ?? `csv-${source.name}`} title={`Download ${source.name}.csv`} onClick={() => downloadCsv(source.name, toCsv(source.columns, source.rows))}>
      CSV
    </button>
  );
}

export function Panel<Row>(props: { title: string; id?: string; csv?: CsvSource<Row> | null; actions?: ComponentChildren; children: ComponentChildren; wide?: boolean }) {
  return (
    <section class={`panel${props.wide ? ' wide' : ''}`} data-testid={props.id ? `panel-${props.id}` : undefined}>
      <div class="panel-head">
        <h2>{props.title}</h2>
        <div class="panel-actions">
          {props.actions}
          {props.csv && props.csv.rows.length > 0 && <CsvButton source={props.csv} testid={props.id ? `csv-${props.id}` : undefined} />}
        </div>
      </div>
      {props.children}
    </section>
  );
}

export interface Column<Row> {
  header: string;
  /** The exact value (API string) used for CSV and, unless `render` is given, shown. */
  value: (row: Row) => string | number | boolean | null | undefined;
  render?: (row: Row) => ComponentChildren;
  num?: boolean;
  /** data-field attribute of the cell */
  field?: string;
  /** Included in the CSV only */
  csvOnly?: boolean;
  class?: string;
}

export function DataTable<Row>(props: {
  name: string;
  title: string;
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
  rowAttrs?: (row: Row) => Record<string, string>;
  empty: string;
  actions?: ComponentChildren;
  wide?: boolean;
  limit?: number;
}) {
  const [showAll, setShowAll] = useState(false);
  const csv = useMemo(() => ({ name: props.name, columns: props.columns.map((c) => ({ header: c.header, value: c.value })), rows: props.rows }), [props.name, props.columns, props.rows]);
  const visible = props.columns.filter((c) => !c.csvOnly);
  const limit = props.limit ?? 100;
  const rows = showAll ? props.rows : props.rows.slice(0, limit);
  return (
    <Panel title={props.title} id={props.name} csv={csv} actions={props.actions} wide={props.wide}>
      {props.rows.length === 0 ? (
        <Empty>{props.empty}</Empty>
      ) : (
        <div class="table-scroll">
          <table data-testid={`table-${props.name}`}>
            <thead>
              <tr>
                {visible.map((c) => (
                  <th class={c.num ? 'num' : undefined}>{c.header}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={props.rowKey(r)} {...(props.rowAttrs?.(r) ?? {})}>
                  {visible.map((c) => {
                    const v = c.value(r);
                    return (
                      <td class={[c.num ? 'num' : '', c.class ?? ''].join(' ').trim() || undefined} data-field={c.field}>
                        {c.render ? c.render(r) : v === null || v === undefined ? '—' : String(v)}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
          {props.rows.length > limit && (
            <button type="button" class="more" onClick={() => setShowAll(!showAll)}>
              {showAll ? 'Show fewer' : `Show all ${props.rows.length} rows`}
            </button>
          )}
        </div>
      )}
    </Panel>
  );
}

export function Stat(props: { label: string; value: string; change?: string | null; title?: string; id: string }) {
  const negative = props.change?.startsWith('−');
  return (
    <div class="stat" data-testid={`stat-${props.id}`} title={props.title}>
      <div class="stat-label">{props.label}</div>
      <div class="stat-value">{props.value}</div>
      {props.change !== undefined && props.change !== null && <div class={`stat-change${negative ? ' down' : props.change.startsWith('+') ? ' up' : ''}`}>{props.change} vs 24h ago</div>}
    </div>
  );
}

export function Segmented<T extends string>(props: { label: string; value: T; options: Array<[T, string]>; onChange: (v: T) => void; name: string }) {
  return (
    <div class="segmented" role="group" aria-label={props.label} data-testid={`picker-${props.name}`}>
      {props.options.map(([v, text]) => (
        <button type="button" aria-pressed={v === props.value} class={v === props.value ? 'active' : undefined} data-value={v} onClick={() => props.onChange(v)}>
          {text}
        </button>
      ))}
    </div>
  );
}

export function Pnl({ value, unit }: { value: string | null | undefined; unit?: string }): JSX.Element {
  if (value === null || value === undefined) return <span>—</span>;
  return <span class={value.startsWith('-') ? 'down' : value === '0' ? undefined : 'up'}>{value}{unit ? ` ${unit}` : ''}</span>;
}
