// `npm run bench`: every benchmark in one command, and one results table with
// each figure beside the previous run's (issue 8).
//
//   npm run bench                                   # runs gas, indexing, indexing scaling and API benches with their defaults
//   npm run bench -- --run gas,indexing --indexing-args="--events 2000 --max-seconds 60"   (note the =)
//   npm run bench -- --run none                     # only collect the latest results of each
//
// What it collects:
// - contract gas: `forge snapshot` of the gas benchmarks (whole test functions; GasBench, SwapRateGas),
//   plus the steady-state table of bench/contracts-gas.md;
// - indexing: `npm run bench:indexing` (ours, the floor and the minimal subgraph) → <out>/indexing/indexing-results.json;
// - indexing scaling: the same history indexed by ours with 10^4/10^5/10^6 synthetic positions in the store
//   (`--prefill-positions`) → <out>/scaling-N/indexing-results.json;
// - API load: `npm run bench:api` → <out>/api/api-results.json;
// - dashboards: bench/dashboards.md, written by test/e2e/dashboards.test.ts (not run here);
// - soak: the latest `npm run bench:soak` → <out>/soak/soak-results.json (not run here: 30 minutes).
// A bench that is not run is read from its latest JSON/Markdown, and the table says so.
// Writes bench/results-table.md and bench/history/latest.json; the previous latest.json is kept as
// bench/history/<its date>.json and is the "previous" column.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { bin, contractsDir, repoRoot } from '../stack/src/paths.ts';

const { values } = parseArgs({
  options: {
    run: { type: 'string', default: 'gas,indexing,scaling,api' },
    /** Store sizes of the indexing scaling runs (synthetic positions added before indexing). */
    'scaling-positions': { type: 'string', default: '10000,100000,1000000' },
    'scaling-events': { type: 'string', default: '20000' },
    'indexing-args': { type: 'string', default: '' },
    'api-args': { type: 'string', default: '' },
    'gas-match': { type: 'string', default: 'GasBench|SwapRateGas' },
    out: { type: 'string', default: join(repoRoot, '.data', 'bench') },
    history: { type: 'string', default: join(repoRoot, 'bench', 'history') },
    table: {
      type: 'string',
      default: join(repoRoot, 'bench', 'results-table.md'),
    },
  },
});
const toRun = new Set(values.run === 'none' ? [] : values.run!.split(',').map((s) => s.trim()));
const out = values.out!;

export interface Figure {
  bench: string;
  figure: string;
  value: number | string;
  unit?: string;
  /** Lower is better (gas, latency) or higher (throughput); for the change column. */
  better?: 'lower' | 'higher';
  source: string;
}

interface Snapshot {
  date: string;
  machine: string;
  ran: string[];
  figures: Figure[];
}

const figures: Figure[] = [];
const notes: string[] = [];
const log = (l: string) => console.log(`[bench] ${l}`);
const splitArgs = (s: string) => (s.trim() ? s.trim().split(/\s+/) : []);

function runNpm(script: string, args: string[]): boolean {
  log(`npm run ${script} -- ${args.join(' ')}`);
  const r = spawnSync('npm', ['run', script, '--', ...args], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (r.status !== 0) notes.push(`\`npm run ${script}\` exited with ${r.status ?? r.signal}; its figures below are from its latest results file if any`);
  return r.status === 0;
}

/** A results file as the table's source column names it: repository-relative, with the run's date. */
function sourceOf(file: string, date: string): string {
  return `${file.replace(repoRoot + '/', '')} (${date})`;
}

function readJson(file: string): any | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

// ---- contract gas
{
  const name = 'contract gas';
  if (toRun.has('gas')) {
    const snap = join(out, 'gas', 'gas-snapshot');
    mkdirSync(join(out, 'gas'), { recursive: true });
    log(`forge snapshot --match-contract "${values['gas-match']}"`);
    const r = spawnSync(bin('forge'), ['snapshot', '--snap', snap, '--match-contract', values['gas-match']!], { cwd: contractsDir, stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) notes.push(`forge snapshot exited with ${r.status ?? r.signal}`);
  }
  const snapFile = existsSync(join(out, 'gas', 'gas-snapshot')) ? join(out, 'gas', 'gas-snapshot') : join(repoRoot, 'bench', 'contracts.gas-snapshot');
  if (existsSync(snapFile)) {
    for (const line of readFileSync(snapFile, 'utf8').split('\n')) {
      const m = /^(GasBench\w*|SwapRateGas\w*):(\w+)\(\) \(gas: (\d+)\)/.exec(line);
      if (m)
        figures.push({
          bench: name,
          figure: `${m[2]} (whole test, forge snapshot)`,
          value: Number(m[3]),
          unit: 'gas',
          better: 'lower',
          source: snapFile.replace(repoRoot + '/', ''),
        });
    }
  }
  // The steady-state table (gas of the call itself) of bench/contracts-gas.md.
  const md = join(repoRoot, 'bench', 'contracts-gas.md');
  if (existsSync(md)) {
    const text = readFileSync(md, 'utf8');
    const section = text.split('## Against the goals')[1]?.split('\n## ')[0] ?? '';
    for (const m of section.matchAll(/^\| ([^|]+?) \| ([\d,]+) \|/gm)) {
      figures.push({
        bench: name,
        figure: `${m[1]!.trim()} (steady state)`,
        value: Number(m[2]!.replace(/,/g, '')),
        unit: 'gas',
        better: 'lower',
        source: 'bench/contracts-gas.md',
      });
    }
  }
}

// ---- indexing
{
  const dir = join(out, 'indexing');
  if (toRun.has('indexing')) runNpm('bench:indexing', ['--out', dir, ...splitArgs(values['indexing-args']!)]);
  const r = readJson(join(dir, 'indexing-results.json'));
  if (r) {
    const src = sourceOf(join(dir, 'indexing-results.json'), r.date);
    figures.push({
      bench: 'indexing',
      figure: 'history events',
      value: r.history?.events,
      source: src,
    });
    const byName = new Map<string, any>((r.runs ?? []).map((x: any) => [x.name, x]));
    for (const [name, run] of byName) {
      figures.push({
        bench: 'indexing',
        figure: `${name}: events/s`,
        value: round(run.eventsPerSecond, 1),
        better: 'higher',
        source: src,
      });
      figures.push({
        bench: 'indexing',
        figure: `${name}: events committed`,
        value: run.events,
        source: src,
      });
      figures.push({
        bench: 'indexing',
        figure: `${name}: entity rows per event`,
        value: round(run.rowsPerEvent, 2),
        better: 'lower',
        source: src,
      });
      for (const [h, v] of Object.entries<any>(run.handlers ?? {})) {
        if (v.meanGas != null) figures.push({
          bench: 'indexing',
          figure: `${name}: ${h} mean gas`,
          value: Math.round(v.meanGas),
          unit: 'gas',
          better: 'lower',
          source: src,
        });
        figures.push({
          bench: 'indexing',
          figure: `${name}: ${h} mean ms`,
          value: round(v.meanMs, 1),
          unit: 'ms',
          better: 'lower',
          source: src,
        });
      }
    }
    const minimal = byName.get('minimal');
    for (const [name, label] of [['subgraph', 'ours'], ['floor', 'floor subgraph']] as const) {
      const run = byName.get(name);
      if (run && minimal)
        figures.push({
          bench: 'indexing',
          figure: `${label} / minimal ceiling`,
          value: round((100 * run.eventsPerSecond) / minimal.eventsPerSecond, 1),
          unit: '%',
          better: 'higher',
          source: src,
        });
    }
  } else notes.push(`indexing: no results at ${dir}/indexing-results.json`);
}

// ---- indexing throughput with the store's size: one chain history of --scaling-events events (made
// once, kept in <out>/scaling-history), indexed by ours once per store size, with N synthetic positions
// added to the store before the dense blocks (bench:indexing --prefill-positions).
{
  const historyDir = join(out, 'scaling-history');
  if (toRun.has('scaling') && !existsSync(join(historyDir, 'history.json'))) {
    runNpm('bench:indexing', ['--out', historyDir, '--events', values['scaling-events']!, '--runs', 'none']);
  }
  for (const n of values['scaling-positions']!.split(',').map((x) => Number(x.trim())).filter((x) => x > 0)) {
    const dir = join(out, `scaling-${n}`);
    if (toRun.has('scaling')) {
      if (!existsSync(join(historyDir, 'history.json'))) throw new Error(`scaling: making the chain history in ${historyDir} failed; see the output above`);
      runNpm('bench:indexing', ['--history', historyDir, '--out', dir, '--runs', 'subgraph', '--handler-gas', 'off', '--prefill-positions', String(n)]);
    }
    const r = readJson(join(dir, 'indexing-results.json'));
    const run = r?.runs?.find((x: any) => x.name === 'subgraph');
    if (run?.prefill) {
      figures.push({
        bench: 'indexing scaling',
        figure: `ours with ${n.toLocaleString('en-US')} positions in the store: events/s`,
        value: round(run.prefill.eventsPerSecond, 1),
        better: 'higher',
        source: sourceOf(join(dir, 'indexing-results.json'), r.date),
      });
    } else notes.push(`indexing scaling: no results at ${dir}/indexing-results.json`);
  }
}

// ---- API load
{
  const dir = join(out, 'api');
  if (toRun.has('api')) runNpm('bench:api', ['--out', dir, ...splitArgs(values['api-args']!)]);
  const r = readJson(join(dir, 'api-results.json'));
  if (r) {
    const src = sourceOf(join(dir, 'api-results.json'), r.date);
    figures.push({
      bench: 'api',
      figure: 'store: positions',
      value: r.store?.position,
      source: src,
    });
    // One set of figures per API mode (response cache on / off / with new blocks), each named by its mode.
    const modes: [string, any[]][] = r.runs ? Object.entries<any>(r.runs).map(([mode, run]) => [`${mode}: `, run.results ?? []]) : [['', r.results ?? []]];
    for (const [mode, q] of modes.flatMap(([m, rs]) => rs.map((q: any) => [m, q] as const))) {
      figures.push({
        bench: 'api',
        figure: `${mode}${q.name}: req/s`,
        value: q.rps,
        better: 'higher',
        source: src,
      });
      figures.push({
        bench: 'api',
        figure: `${mode}${q.name}: p50`,
        value: q.p50,
        unit: 'ms',
        better: 'lower',
        source: src,
      });
      figures.push({
        bench: 'api',
        figure: `${mode}${q.name}: p99`,
        value: q.p99,
        unit: 'ms',
        better: 'lower',
        source: src,
      });
      figures.push({
        bench: 'api',
        figure: `${mode}${q.name}: errors`,
        value: q.errors + (q.non2xx ?? 0),
        better: 'lower',
        source: src,
      });
    }
  } else notes.push(`api: no results at ${dir}/api-results.json`);
}

// ---- dashboards (written by the dashboards e2e test)
{
  const md = join(repoRoot, 'bench', 'dashboards.md');
  if (existsSync(md)) {
    const text = readFileSync(md, 'utf8');
    for (const m of text.matchAll(/^\| ([^|]+?) \| (\d+) \|/gm)) {
      const label = m[1]!.trim();
      const isRequests = !/paint|DOMContentLoaded|load/i.test(label);
      figures.push({
        bench: 'dashboards',
        figure: isRequests ? `${label}: API requests` : label,
        value: Number(m[2]),
        unit: isRequests ? '' : 'ms',
        better: 'lower',
        source: 'bench/dashboards.md',
      });
    }
  }
}

// ---- soak (npm run bench:soak)
{
  const r = readJson(join(out, 'soak', 'soak-results.json'));
  if (r) {
    const src = sourceOf(join(out, 'soak', 'soak-results.json'), r.startedAt);
    figures.push({
      bench: 'soak',
      figure: 'minutes',
      value: r.minutes,
      source: src,
    });
    figures.push({
      bench: 'soak',
      figure: 'chain blocks/min',
      value: r.chain?.blocksPerMinute,
      better: 'higher',
      source: src,
    });
    figures.push({
      bench: 'soak',
      figure: 'indexed blocks/min',
      value: r.indexing?.blocksPerMinute,
      better: 'higher',
      source: src,
    });
    figures.push({
      bench: 'soak',
      figure: 'final lag',
      value: r.indexing?.finalLagBlocks,
      unit: 'blocks',
      better: 'lower',
      source: src,
    });
    for (const [part, v] of Object.entries<any>(r.verdict?.memory ?? {})) {
      figures.push({
        bench: 'soak',
        figure: `${part}: memory, last quarter`,
        value: v.lastQuarter,
        unit: 'MB',
        better: 'lower',
        source: src,
      });
      figures.push({
        bench: 'soak',
        figure: `${part}: memory verdict`,
        value: v.verdict,
        source: src,
      });
    }
  }
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

// ---- history and table
mkdirSync(values.history!, { recursive: true });
const latestFile = join(values.history!, 'latest.json');
const previous = readJson(latestFile) as Snapshot | undefined;
const machine = `${process.arch}, ${cpus().length} cores (${cpus()[0]?.model.trim() ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const now: Snapshot = {
  date: new Date().toISOString(),
  machine,
  ran: [...toRun],
  figures,
};
if (previous) renameSync(latestFile, join(values.history!, `${previous.date.replace(/[:.]/g, '-')}.json`));
writeFileSync(latestFile, JSON.stringify(now, null, 2) + '\n');

const key = (f: Figure) => `${f.bench}\u0000${f.figure}`;
const prev = new Map((previous?.figures ?? []).map((f) => [key(f), f]));
const fmt = (v: number | string | undefined, unit?: string) =>
  v === undefined || v === null ? '—' : typeof v === 'number' ? `${v.toLocaleString('en-US')}${unit && unit !== 'gas' ? ` ${unit}` : ''}` : v;
function change(f: Figure, p?: Figure): string {
  if (!p || typeof f.value !== 'number' || typeof p.value !== 'number') return '';
  if (p.value === f.value) return '=';
  const pct = p.value === 0 ? Infinity : ((f.value - p.value) / Math.abs(p.value)) * 100;
  const worse = f.better === 'lower' ? f.value > p.value : f.better === 'higher' ? f.value < p.value : false;
  const s = `${pct > 0 ? '+' : ''}${Number.isFinite(pct) ? pct.toFixed(1) : '∞'} %`;
  return f.better ? (worse ? `${s} (worse)` : `${s} (better)`) : s;
}

let md = `# Benchmark results table\n\nWritten by \`npm run bench\` (bench/run-all.ts) on ${now.date}.\nMachine: ${machine}.\n`;
md += `Ran now: ${now.ran.length ? now.ran.join(', ') : 'nothing (collected the latest results)'}; everything else is read from its latest results (source column).\n`;
md += previous ? `Previous run: ${previous.date} (bench/history/${previous.date.replace(/[:.]/g, '-')}.json).\n` : 'Previous run: none recorded yet (bench/history/ is empty).\n';
if (notes.length) md += `\nNotes:\n${notes.map((n) => `- ${n}`).join('\n')}\n`;
for (const bench of [...new Set(figures.map((f) => f.bench))]) {
  md += `\n## ${bench}\n\n| figure | now | previous | change | source |\n| --- | ---: | ---: | --- | --- |\n`;
  for (const f of figures.filter((x) => x.bench === bench)) {
    const p = prev.get(key(f));
    md += `| ${f.figure} | ${fmt(f.value, f.unit)} | ${fmt(p?.value, f.unit)} | ${change(f, p)} | ${f.source} |\n`;
  }
}
writeFileSync(values.table!, md);
log(`${figures.length} figures; wrote ${values.table} and ${latestFile}`);
