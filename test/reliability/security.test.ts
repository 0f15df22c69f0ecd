// Security (issue 8): no private keys in the repository beyond anvil's
// well-known development keys; which services listen on loopback; a seeded
// GraphQL fuzzer against the API (malformed queries, deep nesting, aliased
// fan-out, huge lists and limits, injection strings in every string argument,
// wrong variable types): every answer is a GraphQL error with a code or a
// bounded result, never a 500 or a stack trace, no SQL error in Postgres's
// log, and the server stays up; the API's sessions cannot write, and a real
// read-only role (README) can serve the API but cannot write either.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sql as ksql } from 'kysely';
import postgres from 'postgres';
import { mnemonicToAccount } from 'viem/accounts';
import { runSimulation } from '@pvp/simulator';
import { startApi } from '@pvp/api';
import { createDb } from '../../api/src/db/database.ts';
import { ANVIL_TEST_MNEMONIC } from '../../simulator/src/accounts.ts';
import { deploymentSchema } from '../../stack/src/digest.ts';
import { repoRoot } from '../../stack/src/paths.ts';
import { freePort } from '../../stack/src/ports.ts';
import { type RunningStack } from '../../stack/src/stack.ts';
import { freeStackPorts, startTestStack, tempDataDir } from '../e2e/harness.ts';
import { logSince, post, seededRandom, waitIndexed } from './lib.ts';

// ---------------------------------------------------------------- secrets

/** anvil's default accounts: the first 20 keys of the public test mnemonic. */
function anvilDevKeys(): Set<string> {
  const keys = new Set<string>();
  for (let i = 0; i < 20; i++) {
    const pk = mnemonicToAccount(ANVIL_TEST_MNEMONIC, {
      addressIndex: i,
    }).getHdKey().privateKey!;
    keys.add(Buffer.from(pk).toString('hex'));
  }
  return keys;
}

/** Tracked files plus new, not yet ignored ones (what the next commit would hold). */
function repoFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repoRoot, maxBuffer: 256 * 1024 * 1024 }).toString('utf8');
  return [...new Set(out.split('\0').filter(Boolean))];
}

const KEY_CONTEXT = /priv|secret|key|mnemonic|signer|wallet|account|seed|PK\b/i;
const HEX64 = /(?<![0-9a-fA-F])(?:0x)?([0-9a-fA-F]{64})(?![0-9a-fA-F])/g;

test("the repository holds no private key other than anvil's well-known development keys", () => {
  const dev = anvilDevKeys();
  assert.ok(dev.has('ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'), "the derivation gives anvil's account #0");
  const suspicious: string[] = [];
  const devUses: Array<{ file: string; line: number }> = [];
  let scanned = 0;
  for (const file of repoFiles()) {
    const path = join(repoRoot, file);
    let text: string;
    try {
      if (statSync(path).size > 5_000_000) continue;
      const buf = readFileSync(path);
      if (buf.includes(0)) continue; // binary
      text = buf.toString('utf8');
    } catch {
      continue; // deleted in the working tree
    }
    scanned++;
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      for (const m of line.matchAll(HEX64)) {
        const hex = m[1]!.toLowerCase();
        if (dev.has(hex)) {
          devUses.push({ file, line: i + 1 });
          continue;
        }
        // A 64-hex string is a hash, a bytes32 id or a key; it looks like a key when the line or the one above names one.
        const context = `${lines[i - 1] ?? ''}\n${line}`;
        if (KEY_CONTEXT.test(context.replace(/keccak|hash|topic|marketid|market_id|salt/gi, ''))) suspicious.push(`${file}:${i + 1}: ${line.trim().slice(0, 160)}`);
      }
    });
  }
  assert.ok(scanned > 100, `scanned ${scanned} files`);
  assert.deepEqual(suspicious, [], '64-hex strings in a key context that are not anvil development keys');
  // Every file that holds a development key says it is anvil's (a reader must not mistake it for a real one).
  const unnamed = [...new Set(devUses.map((u) => u.file))].filter((f) => !/anvil|development|dev key|dev account|test mnemonic|well-known/i.test(readFileSync(join(repoRoot, f), 'utf8')));
  assert.deepEqual(unnamed, [], 'files with an anvil key that do not say so');
});

// ---------------------------------------------------------------- a stack for the rest

let stack: RunningStack;
let ports: Awaited<ReturnType<typeof freeStackPorts>>;
const dataDir = tempDataDir('security');

before(async () => {
  ports = await freeStackPorts();
  stack = await startTestStack(dataDir, ports);
  // Some data, so that lists are not empty and fan-out costs something.
  const stats = await runSimulation({
    rpcUrl: stack.endpoints.rpcUrl,
    deployment: stack.endpoints.deployment.local!,
    seed: 8,
    steps: 12,
  });
  await waitIndexed(stack.endpoints.graphNode.indexNode, Number(stats.lastBlock), 300_000);
});
after(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Listening TCP sockets from /proc/net/tcp{,6}: port → local addresses. */
function listeners(): Map<number, Set<string>> {
  const out = new Map<number, Set<string>>();
  for (const [file, v6] of [
    ['/proc/net/tcp', false],
    ['/proc/net/tcp6', true],
  ] as const) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.trim().split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f[3] !== '0A') continue; // LISTEN
      const [addrHex, portHex] = f[1]!.split(':');
      const port = parseInt(portHex!, 16);
      let addr: string;
      if (!v6)
        addr = addrHex!
          .match(/../g)!
          .reverse()
          .map((h) => parseInt(h, 16))
          .join('.');
      else addr = /^0+$/.test(addrHex!) ? '::' : addrHex === '00000000000000000000000001000000' ? '::1' : addrHex!;
      if (!out.has(port)) out.set(port, new Set());
      out.get(port)!.add(addr);
    }
  }
  return out;
}

test('services bind to loopback by default; graph-node (gnd) binds all interfaces (it has no option)', () => {
  const l = listeners();
  const loopback = (a: string) => a.startsWith('127.') || a === '::1';
  const expectLoopback = {
    postgres: ports.postgres,
    anvil: ports.anvil,
    'ipfs stub': ports.ipfs,
    api: ports.api,
    dashboards: ports.dashboards,
  };
  for (const [name, port] of Object.entries(expectLoopback)) {
    const addrs = [...(l.get(port) ?? [])];
    assert.ok(addrs.length > 0, `${name} listens on ${port}`);
    assert.ok(addrs.every(loopback), `${name} on port ${port} listens on ${addrs.join(', ')}, expected loopback only`);
  }
  // Documented exception (README, bench/RESULTS.md): gnd 0.45 binds 0.0.0.0 for GraphQL, admin, index-node and
  // metrics, and `gnd dev` has no flag to change it. If this starts failing, gnd gained loopback binding: use it.
  for (const [name, port] of Object.entries(ports.graphNode)) {
    const addrs = [...(l.get(port) ?? [])];
    assert.ok(addrs.length > 0, `graph-node ${name} listens on ${port}`);
    assert.ok(
      addrs.some((a) => a === '0.0.0.0' || a === '::'),
      `graph-node ${name} on ${port}: ${addrs.join(', ')}`,
    );
  }
});

// ---------------------------------------------------------------- fuzzing

type TypeRef = { kind: string; name: string | null; ofType: TypeRef | null };
type Field = {
  name: string;
  args: { name: string; type: TypeRef }[];
  type: TypeRef;
};
type SchemaInfo = {
  query: Field[];
  types: Map<
    string,
    {
      kind: string;
      fields: Field[] | null;
      enumValues: { name: string }[] | null;
    }
  >;
};

const named = (t: TypeRef): TypeRef => (t.ofType ? named(t.ofType) : t);
const isNonNull = (t: TypeRef) => t.kind === 'NON_NULL';
const isList = (t: TypeRef): boolean => t.kind === 'LIST' || (t.ofType ? isList(t.ofType) : false);

async function schemaInfo(url: string): Promise<SchemaInfo> {
  const T = 'kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } }';
  const r = await post(url, {
    query: `{ __schema { queryType { name } types { kind name enumValues { name } fields { name type { ${T} } args { name type { ${T} } } } } } }`,
  });
  assert.equal(r.status, 200, r.text.slice(0, 500));
  const types = new Map<string, any>();
  for (const t of r.body.data.__schema.types) types.set(t.name, t);
  return {
    query: types.get(r.body.data.__schema.queryType.name).fields,
    types,
  };
}

const INJECTIONS = [
  "'; drop table trade; --",
  "' or '1'='1",
  '" or ""="',
  "0x' union select password from pg_shadow --",
  '1; select pg_sleep(10)',
  "$$; copy (select 1) to program 'id'; $$",
  '\\x00\\u0000',
  '\u0000',
  '%',
  '_%_',
  '\\',
  "'",
  '${jndi:ldap://x}',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ☃ \u202e',
  '0x' + 'f'.repeat(40),
  '0x' + 'f'.repeat(104),
  '0x' + 'g'.repeat(40),
  '9'.repeat(400),
  '-1e309',
  'NaN',
  'x'.repeat(200_000),
];
const HUGE_INTS = [2147483647, -2147483648, 1_000_000, 0, -1, 5000, 5001];

function valueFor(t: TypeRef, info: SchemaInfo, rnd: () => number, pick: <T>(a: T[]) => T): string | undefined {
  const n = named(t);
  const wrap = (v: string) => (isList(t) ? `[${v}]` : v);
  switch (n.name) {
    case 'String':
    case 'ID':
      return wrap(JSON.stringify(pick(INJECTIONS)));
    case 'Int':
      return wrap(String(pick(HUGE_INTS)));
    case 'Float':
      return wrap('1e308');
    case 'Boolean':
      return wrap('true');
  }
  const type = info.types.get(n.name!);
  if (type?.kind === 'ENUM') return wrap(pick(type.enumValues!).name);
  return undefined;
}

/** A selection that is valid for any output type: scalars none, objects `{ __typename }` or a few fields further down. */
function selection(t: TypeRef, info: SchemaInfo, depth: number, pick: <T>(a: T[]) => T, rnd: () => number): string {
  const n = named(t);
  const type = info.types.get(n.name!);
  if (!type || (type.kind !== 'OBJECT' && type.kind !== 'INTERFACE')) return '';
  if (depth <= 0) return '{ __typename }';
  const fields = (type.fields ?? []).filter((f) => f.args.every((a) => !isNonNull(a.type)));
  const chosen = new Set<string>();
  const parts = ['__typename'];
  for (let i = 0; i < 3 && fields.length; i++) {
    const f = pick(fields);
    if (chosen.has(f.name)) continue;
    chosen.add(f.name);
    parts.push(`${f.name} ${selection(f.type, info, depth - 1, pick, rnd)}`);
  }
  return `{ ${parts.join(' ')} }`;
}

/** A deeply nested selection following object-typed fields (cycles such as Pool.markets → Market.pool give any depth). */
function deepSelection(t: TypeRef, info: SchemaInfo, depth: number, pick: <T>(a: T[]) => T): string {
  const type = info.types.get(named(t).name!);
  if (depth <= 0 || !type?.fields) return type?.fields ? '{ __typename }' : '';
  const objFields = type.fields.filter((f) => info.types.get(named(f.type).name!)?.fields && f.args.every((a) => !isNonNull(a.type)));
  if (!objFields.length) return '{ __typename }';
  const f = pick(objFields);
  return `{ ${f.name} ${deepSelection(f.type, info, depth - 1, pick)} }`;
}

function rootCall(f: Field, info: SchemaInfo, rnd: () => number, pick: <T>(a: T[]) => T, allArgs = true): string | undefined {
  const args: string[] = [];
  for (const a of f.args) {
    if (!allArgs && !isNonNull(a.type) && rnd() < 0.5) continue;
    const v = valueFor(a.type, info, rnd, pick);
    if (v === undefined) {
      if (isNonNull(a.type)) return undefined;
      continue;
    }
    args.push(`${a.name}: ${v}`);
  }
  return `${f.name}${args.length ? `(${args.join(', ')})` : ''}`;
}

interface Case {
  kind: string;
  body: unknown;
  raw?: boolean;
  contentType?: string;
}

function generateCases(info: SchemaInfo, seed: number, count: number): Case[] {
  const rnd = seededRandom(seed);
  const pick = <T>(a: T[]): T => a[Math.floor(rnd() * a.length)]!;
  const roots = info.query;
  const cases: Case[] = [];
  const valid = () => {
    const f = pick(roots);
    const call = rootCall(f, info, rnd, pick, false) ?? 'indexingStatus';
    return `{ ${call} ${call.startsWith('indexingStatus') ? '{ indexedBlock }' : selection(f.type, info, 2, pick, rnd)} }`;
  };
  // Every string argument of every root field, with every injection string.
  for (const f of roots) {
    for (const a of f.args) {
      if (!['String', 'ID'].includes(named(a.type).name!)) continue;
      for (const inj of INJECTIONS) {
        const others = f.args
          .filter((o) => o !== a && isNonNull(o.type))
          .map((o) => `${o.name}: ${valueFor(o.type, info, rnd, pick) ?? '1'}`)
          .join(', ');
        cases.push({
          kind: `injection ${f.name}.${a.name}`,
          body: {
            query: `query($v: String) { ${f.name}(${a.name}: $v${others ? ', ' + others : ''}) ${selection(f.type, info, 1, pick, rnd)} }`,
            variables: { v: inj },
          },
        });
      }
    }
  }
  const kinds = ['malformed', 'deep', 'aliases', 'huge', 'random-args', 'wrong-variables', 'transport'] as const;
  for (let i = 0; i < count; i++) {
    const kind = pick([...kinds]);
    switch (kind) {
      case 'malformed': {
        const q = valid();
        const cut = Math.floor(rnd() * q.length);
        const mutations = [
          q.slice(0, cut),
          q.slice(0, cut) + pick(['{', '}', '(', ')', '"', '$', '@', '#', '\\', '\u0000', '...', ':']) + q.slice(cut),
          q.replaceAll('{', '{{'),
          '{'.repeat(5000),
          'query '.repeat(1000),
          Array.from({ length: 200 }, () => String.fromCharCode(Math.floor(rnd() * 0x2fff))).join(''),
          `fragment f on Query { ...f } { ...f }`,
          `query a { __typename } query a { __typename }`,
          `{ __typename @include(if: "x") }`,
          `subscription { pools { nodes { id } } }`,
          `mutation { pools { nodes { id } } }`,
        ];
        cases.push({ kind, body: { query: pick(mutations) } });
        break;
      }
      case 'deep': {
        const f = pick(roots.filter((r) => info.types.get(named(r.type).name!)?.fields));
        const call = rootCall(f, info, rnd, pick, false);
        if (!call) break;
        const depth = 6 + Math.floor(rnd() * 40);
        cases.push({
          kind: `${kind} ${depth}`,
          body: {
            query: `{ ${call} ${deepSelection(f.type, info, depth, pick)} }`,
          },
        });
        break;
      }
      case 'aliases': {
        const n = pick([31, 100, 1000, 5000]);
        const q = `{ ${Array.from({ length: n }, (_, k) => `a${k}: pools(first: 1000) { nodes { id markets { id } } }`).join(' ')} }`;
        cases.push({ kind: `${kind} ${n}`, body: { query: q } });
        break;
      }
      case 'huge': {
        const f = pick(roots.filter((r) => r.args.some((a) => a.name === 'first' || a.name === 'steps')));
        const big = pick([1000, 1001, 2147483647, 1_000_000_000]);
        const call = rootCall(f, info, rnd, pick, false) ?? f.name;
        const withBig = call.replace(/(first|steps): -?\d+/, `$1: ${big}`);
        const variants = [
          `{ ${withBig} ${selection(f.type, info, 3, pick, rnd)} }`,
          `{ rateCandles(pool: "0x0000000000000000000000000000000000000001", interval: HOUR, from: 0, to: 2147483647) { open } }`,
          `{ periodStats(interval: HOUR, from: 0, to: 2147483647) { volume } }`,
          `{ whatIf(market: "0x${'0'.repeat(104)}", fromPrice: "1", toPrice: "1${'0'.repeat(60)}", steps: ${big}) { __typename } }`,
          `{ pools(first: 1000) { nodes { markets { pool { markets { pool { markets { id } } } } } } } }`,
        ];
        cases.push({ kind, body: { query: pick(variants) } });
        break;
      }
      case 'random-args': {
        const f = pick(roots);
        const call = rootCall(f, info, rnd, pick, true);
        if (!call) break;
        cases.push({
          kind: `args ${f.name}`,
          body: {
            query: `{ ${call} ${selection(f.type, info, 2, pick, rnd)} }`,
          },
        });
        break;
      }
      case 'wrong-variables': {
        const variants: Array<[string, unknown]> = [
          ['query($first: Int) { pools(first: $first) { nodes { id } } }', { first: 'ten' }],
          ['query($first: Int) { pools(first: $first) { nodes { id } } }', { first: 1e20 }],
          ['query($first: Int) { pools(first: $first) { nodes { id } } }', { first: { $gt: 1 } }],
          ['query($id: String!) { pool(id: $id) { id } }', { id: null }],
          ['query($id: String!) { pool(id: $id) { id } }', { id: ['0x1', '0x2'] }],
          ['query($id: String!) { pool(id: $id) { id } }', {}],
          ['query($id: Int!) { pool(id: $id) { id } }', { id: 1 }],
          ['query($b: Int) { protocol(block: $b) { __typename } }', { b: -5 }],
          ['query($b: Int) { protocol(block: $b) { __typename } }', { b: 2147483647 }],
          ['query($s: PositionStatus) { positions(status: $s) { nodes { id } } }', { s: 'DROP' }],
          ['query($i: Interval!) { periodStats(interval: $i) { volume } }', { i: 'YEAR' }],
          ['{ pools { nodes { id } } }', 'not an object'],
          ['{ pools { nodes { id } } }', [1, 2, 3]],
          ['query($x: NoSuchType) { __typename }', { x: 1 }],
        ];
        const [query, variables] = pick(variants);
        cases.push({ kind, body: { query, variables } });
        break;
      }
      case 'transport': {
        const variants: Case[] = [
          {
            kind: 'batch',
            body: [{ query: '{ __typename }' }, { query: '{ pools { nodes { id } } }' }],
          },
          { kind: 'empty body', body: '', raw: true },
          { kind: 'not json', body: '{"query": ', raw: true },
          { kind: 'json null', body: 'null', raw: true },
          { kind: 'json number', body: '12', raw: true },
          { kind: 'query not a string', body: { query: 42 } },
          { kind: 'query missing', body: { variables: {} } },
          {
            kind: 'operationName unknown',
            body: { query: 'query a { __typename }', operationName: 'b' },
          },
          {
            kind: 'text/plain',
            body: '{ __typename }',
            raw: true,
            contentType: 'text/plain',
          },
          {
            kind: 'form',
            body: 'query=%7B__typename%7D',
            raw: true,
            contentType: 'application/x-www-form-urlencoded',
          },
          {
            kind: 'huge json',
            body: {
              query: '{ __typename }',
              variables: { x: 'y'.repeat(5_000_000) },
            },
          },
        ];
        cases.push(pick(variants));
        break;
      }
    }
  }
  return cases;
}

/**
 * Findings of this fuzzer in api/ that are not fixed yet, tolerated only in exactly their shape, counted and
 * printed; everything else fails the test. Empty now: the two found while writing it (mutation/subscription
 * operations answered INTERNAL_SERVER_ERROR; a body over 1 MB got a connection reset instead of 413) were
 * fixed in api/ the same day (bench/RESULTS.md, "Issue 8 — reliability"). Add an entry here rather than
 * loosening the checks below.
 */
const KNOWN_FINDINGS: Array<{ id: string; matches: (c: Case, r: { status: number; body: any } | Error) => boolean }> = [];

const STACK_TRACE = /\bat [\w$.<>]+ \(|node_modules|\.ts:\d+:\d+|stacktrace|Error: .*\n\s+at /;
const MAX_ANSWER_BYTES = 10 * 1024 * 1024;

test('GraphQL fuzzing: every answer is a coded error or a bounded result, never a 500 or a stack trace; the server stays up', { timeout: 15 * 60_000 }, async () => {
  const url = stack.endpoints.api.graphql;
  const info = await schemaInfo(url);
  assert.ok(info.query.length >= 10, 'introspection lists the root fields');
  const pgLog = join(dataDir, 'logs', 'postgres.log');
  const pgLogStart = statSync(pgLog).size;
  const seed = Number(process.env.FUZZ_SEED ?? 8);
  const cases = generateCases(info, seed, Number(process.env.FUZZ_CASES ?? 400));
  const failures: string[] = [];
  const codes = new Map<string, number>();
  let dataAnswers = 0;
  let slowest = { ms: 0, kind: '' };
  const known = new Map<string, number>();
  const isKnown = (c: Case, r: { status: number; body: any } | Error) => {
    const k = KNOWN_FINDINGS.find((f) => f.matches(c, r));
    if (k) known.set(k.id, (known.get(k.id) ?? 0) + 1);
    return k !== undefined;
  };
  for (const [i, c] of cases.entries()) {
    let r;
    try {
      r = await post(url, c.body, {
        raw: c.raw,
        contentType: c.contentType,
        timeoutMs: 60_000,
      });
    } catch (err) {
      if (!isKnown(c, err as Error)) failures.push(`#${i} ${c.kind}: request failed: ${(err as Error).message}`);
      // The server must still be up after any single request.
      const h = await fetch(stack.endpoints.api.health).catch(() => null);
      if (!h?.ok) assert.fail(`the API is down after case #${i} (${c.kind}): ${JSON.stringify(c.body).slice(0, 300)}`);
      continue;
    }
    if (r.ms > slowest.ms) slowest = { ms: r.ms, kind: c.kind };
    if (isKnown(c, r)) continue;
    const where = `#${i} ${c.kind} (seed ${seed}): HTTP ${r.status} ${r.text.slice(0, 300)} ← ${JSON.stringify(c.body).slice(0, 300)}`;
    if (r.status >= 500) failures.push(`5xx ${where}`);
    else if (STACK_TRACE.test(r.text)) failures.push(`stack trace ${where}`);
    else if (r.text.length > MAX_ANSWER_BYTES) failures.push(`unbounded answer (${r.text.length} bytes) ${where}`);
    else if (r.body === undefined) failures.push(`not JSON ${where}`);
    else {
      const answers = Array.isArray(r.body) ? r.body : [r.body];
      for (const a of answers) {
        if (a?.errors?.length) {
          for (const e of a.errors) {
            const code = e?.extensions?.code;
            if (typeof code !== 'string') failures.push(`error without a code ${where}`);
            else codes.set(code, (codes.get(code) ?? 0) + 1);
            if (code === 'INTERNAL_SERVER_ERROR') failures.push(`internal error ${where}`);
          }
        } else if (a?.data) dataAnswers++;
        else failures.push(`neither data nor errors ${where}`);
      }
    }
  }
  console.log(
    `fuzz: ${cases.length} cases (seed ${seed}); ${dataAnswers} answered with data; error codes ${JSON.stringify(Object.fromEntries(codes))}; slowest ${slowest.ms} ms (${slowest.kind}); known findings ${JSON.stringify(Object.fromEntries(known))}`,
  );
  assert.deepEqual(failures.slice(0, 20), [], `${failures.length} bad answers`);
  assert.ok(codes.size >= 3 && dataAnswers > 0, 'the fuzzer reached both errors and results');
  // No injected string reached SQL as text: Postgres logged no syntax or SQL errors from the API meanwhile.
  const logged = logSince(pgLog, pgLogStart);
  assert.doesNotMatch(logged, /syntax error|unterminated quoted|pg_sleep|pg_shadow|permission denied/i, `Postgres logged:\n${logged.slice(0, 2000)}`);
  // Still up and answering.
  assert.equal((await fetch(stack.endpoints.api.health)).status, 200);
  const ok = await post(url, { query: '{ pools { nodes { id } } }' });
  assert.equal(ok.status, 200);
  assert.ok(ok.body.data.pools.nodes.length >= 2);
});

test("the API's database sessions are read-only: INSERT, UPDATE and DDL through its connection settings fail", async () => {
  const { db, close } = createDb(stack.endpoints.postgresUrl);
  try {
    const sql = postgres(stack.endpoints.postgresUrl, {
      max: 1,
      onnotice: () => {},
    });
    const schema = await deploymentSchema(sql);
    await sql.end();
    const [row] = (
      await ksql<{
        n: number;
      }>`select count(*)::int as n from ${ksql.table(`${schema}.pool`)}`.execute(db)
    ).rows;
    assert.ok(row!.n >= 2, 'the API connection reads');
    for (const statement of [
      ksql`update ${ksql.table(`${schema}.pool`)} set deposit_count = deposit_count + 1`,
      ksql`insert into ${ksql.table(`${schema}.price_feed`)} (id) values ('\\x00'::bytea)`,
      ksql`delete from ${ksql.table(`${schema}.trade`)}`,
      ksql`create table ${ksql.table(`${schema}.pwned`)} (x int)`,
    ]) {
      await assert.rejects(statement.execute(db), (err: { code?: string; message: string }) => {
        assert.equal(err.code, '25006', err.message); // read_only_sql_transaction
        return true;
      });
    }
    // The limit of a session default: a session that asks for it can still write. That is why production needs a role.
    const loophole = await db.connection().execute(async (c) => {
      await ksql`begin read write`.execute(c);
      try {
        await ksql`update ${ksql.table(`${schema}.pool`)} set deposit_count = deposit_count where false`.execute(c);
        return 'wrote';
      } catch (err) {
        return (err as Error).message;
      } finally {
        await ksql`rollback`.execute(c);
      }
    });
    assert.equal(loophole, 'wrote', 'default_transaction_read_only is only a default (documented: use a read-only role)');
  } finally {
    await close();
  }
});

test("a real read-only role (README's grants) serves the API and cannot write even in a read-write transaction", async () => {
  const sql = postgres(stack.endpoints.postgresUrl, {
    max: 1,
    onnotice: () => {},
  });
  const schema = await deploymentSchema(sql);
  const role = 'pvp_api_ro';
  const password = 'read-only-test';
  await sql.unsafe(`drop role if exists ${role}`).catch(() => {});
  await sql.unsafe(`create role ${role} login password '${password}'`);
  await sql.unsafe(`grant usage on schema subgraphs, public, ${schema} to ${role}`);
  await sql.unsafe(`grant select on all tables in schema subgraphs, ${schema} to ${role}`);
  await sql.unsafe(`grant select on public.deployment_schemas to ${role}`);
  await sql.end();
  const roUrl = stack.endpoints.postgresUrl.replace(/\/\/[^@]+@/, `//${role}:${password}@`);
  const ro = postgres(roUrl, { max: 1, onnotice: () => {} });
  try {
    const n = ((await ro.unsafe(`select count(*)::int as n from ${schema}.pool`)) as unknown as { n: number }[])[0]!.n;
    assert.ok(n >= 2);
    for (const statement of [
      `update ${schema}.pool set deposit_count = 0`,
      `insert into ${schema}.price_feed (id) values ('\\x00')`,
      `create table ${schema}.pwned (x int)`,
      `create table public.pwned (x int)`,
    ]) {
      await assert.rejects(
        ro.begin('read write', (tx) => tx.unsafe(statement)),
        (err: { code?: string; message: string }) => {
          assert.equal(err.code, '42501', `${statement}: ${err.message}`); // insufficient_privilege
          return true;
        },
      );
    }
  } finally {
    await ro.end();
  }
  // The API runs on that role: same answer as on graph-node's role.
  const api = await startApi(
    {
      databaseUrl: roUrl,
      subgraphName: 'subgraph-0',
      host: '127.0.0.1',
      port: await freePort(),
      rpcUrl: stack.endpoints.rpcUrl,
      maxPageSize: 1000,
    },
    () => {},
  );
  try {
    const q = {
      query: '{ pools { nodes { id settlementBalance zTokenSupply swapRate markets { id x1 y1 } } } indexingStatus { indexedBlock } }',
    };
    const a = await post(api.graphqlUrl, q);
    const b = await post(stack.endpoints.api.graphql, q);
    assert.equal(a.body.errors, undefined, a.text);
    assert.deepEqual(a.body.data.pools, b.body.data.pools);
    assert.equal((await fetch(`${api.url}/ready`)).status, 200);
  } finally {
    await api.stop();
  }
});
