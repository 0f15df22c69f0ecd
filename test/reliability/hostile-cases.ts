// Seeded generator of hostile requests to the API, by class, each with the
// answer the API's rules call for: the HTTP status and extensions.code, or a
// plain 200 where the rules admit the request (a generated document under the
// limits must still run). Expectations come from this file's own arithmetic on
// what it generated (tokens by graphql-js's lexer, fields expanded through
// fragments, cost of page sizes, steps and aliases), not from the API's code.
// Used by test/reliability/hostile-input.test.ts and bench/hostile-input.bench.ts.
import { createHash } from 'node:crypto';
import { Lexer, Source, TokenKind } from 'graphql';
import { seededRandom } from '../../stack/src/rpc-fault-proxy.ts';

/** The limits the API under test runs with (its defaults; the test passes them explicitly). */
export const LIMITS = { maxTokens: 2000, maxCost: 65_000, maxDepth: 8, maxAliases: 30, maxPageSize: 1000, maxBodyBytes: 100_000, whatIfPointWork: 20 } as const;

export const CLASSES = [
  'fragment-dag',
  'page-size-variables',
  'what-if-steps',
  'nested-inline-fragments',
  'deep-values',
  'huge-documents',
  'cursors',
  'browser-requests',
  'operation-types',
  'persisted-queries',
  'batches',
] as const;
export type HostileClass = (typeof CLASSES)[number];

export interface Expectation {
  status: number;
  /** extensions.code of the first error; undefined: a 200 answer with data and no errors. */
  code?: string;
  /** extensions.limit, for limit refusals. */
  limit?: string;
}

export interface HostileCase {
  cls: HostileClass;
  /** What was generated, for failure messages. */
  label: string;
  method: 'GET' | 'POST' | 'OPTIONS';
  /** Path and query string. */
  path: string;
  headers: Record<string, string>;
  body?: string;
  expect: Expectation;
}

export interface Fixtures {
  /** A market entity id that is indexed (pool ++ bytes32 market id). */
  market: string;
  /** An indexed pool address. */
  pool: string;
  /** The API's address as clients use it (host:port), for the Host header. */
  host: string;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

export function tokenCount(query: string): number {
  const lexer = new Lexer(new Source(query));
  let n = 0;
  for (let t = lexer.advance(); t.kind !== TokenKind.EOF; t = lexer.advance()) n++;
  return n;
}

const post = (cls: HostileClass, label: string, payload: unknown, expect: Expectation, headers: Record<string, string> = JSON_HEADERS): HostileCase => ({
  cls,
  label,
  method: 'POST',
  path: '/graphql',
  headers,
  body: typeof payload === 'string' ? payload : JSON.stringify(payload),
  expect,
});

const PARSE_FAILED: Expectation = { status: 400, code: 'GRAPHQL_PARSE_FAILED' };
const OK: Expectation = { status: 200 };

/** A document's expectation from its size alone: over the token cap, else `otherwise`. */
const bySize = (query: string, otherwise: Expectation, bodyBytes = query.length): Expectation =>
  bodyBytes > LIMITS.maxBodyBytes ? { status: 413, code: 'PAYLOAD_TOO_LARGE' } : tokenCount(query) > LIMITS.maxTokens ? PARSE_FAILED : otherwise;

const over = (limit: string): Expectation => ({ status: 400, code: 'GRAPHQL_VALIDATION_FAILED', limit });

export function hostileCases(cls: HostileClass, fx: Fixtures, count: number, seed: number): HostileCase[] {
  const rnd = seededRandom(seed * 7919 + CLASSES.indexOf(cls));
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  /** Log-uniform integer in [lo, hi]: small and huge sizes alike. */
  const size = (lo: number, hi: number) => Math.round(Math.exp(Math.log(lo) + rnd() * (Math.log(hi) - Math.log(lo))));
  const out: HostileCase[] = [];
  const make = GENERATORS[cls];
  for (let i = 0; i < count; i++) out.push(make({ int, pick, size, rnd, fx, i }));
  return out;
}

interface Gen {
  int: (lo: number, hi: number) => number;
  pick: <T>(a: readonly T[]) => T;
  size: (lo: number, hi: number) => number;
  rnd: () => number;
  fx: Fixtures;
  i: number;
}

const LEAVES: Array<[string, number]> = [
  ['__typename', 1],
  ['indexingStatus { lagBlocks }', 2],
  ['protocol { poolCount }', 2],
];

const GENERATORS: Record<HostileClass, (g: Gen) => HostileCase> = {
  // n fragments, each spreading earlier ones k times (the first holds leaves).
  'fragment-dag'({ int, pick, size, rnd }) {
    const n = size(3, 80);
    const k = int(2, 4);
    const fields: number[] = [];
    const defs: string[] = [];
    const spreadsOf: number[][] = [];
    for (let f = 0; f < n; f++) {
      const [leaf, leafFields] = pick(LEAVES);
      let count = leafFields;
      const spreads: string[] = [];
      if (f > 0) {
        for (let j = 0; j < k; j++) {
          // Mostly the previous fragment (the exponential chain), sometimes any earlier one.
          const target = rnd() < 0.7 ? f - 1 : int(0, f - 1);
          spreads.push(`...F${target}`);
          count += fields[target]!;
        }
      }
      spreadsOf.push(spreads.map((x) => Number(x.slice(4))));
      fields.push(count);
      defs.push(`fragment F${f} on Query { ${leaf} ${spreads.join(' ')} }`);
    }
    const query = `${defs.join('\n')}\n{ ...F${n - 1} }`;
    // A fragment no spread reaches is an error of its own (NoUnusedFragments), after the limits.
    const reached = new Set<number>();
    const visit = (f: number) => {
      if (reached.has(f)) return;
      reached.add(f);
      spreadsOf[f]!.forEach(visit);
    };
    visit(n - 1);
    const valid: Expectation = reached.size < n ? { status: 400, code: 'GRAPHQL_VALIDATION_FAILED' } : OK;
    return post('fragment-dag', `${n} fragments × ${k} spreads, ${fields[n - 1]!.toExponential(2)} fields, ${n - reached.size} unused`, { query }, bySize(query, fields[n - 1]! > LIMITS.maxCost ? over('fields') : valid));
  },

  // Nested pages whose sizes come from variables: values, variable defaults, absent (the schema's 100).
  'page-size-variables'({ int, pick, rnd }) {
    const value = () => (rnd() < 0.15 ? undefined : pick([int(1, 10), int(1, 1000), 1000, int(900, 1000)]));
    const [a, b, da, db] = [value(), value(), value(), value()];
    const decl = (name: string, d: number | undefined) => `$${name}: Int${d === undefined ? '' : ` = ${d}`}`;
    const variables: Record<string, number> = {};
    if (a !== undefined) variables.a = a;
    if (b !== undefined) variables.b = b;
    // What the resolver gets: the value, else the variable's default, else the schema's (first: Int = 100).
    const A = a ?? da ?? 100;
    const B = b ?? db ?? 100;
    const shape = pick(['positions', 'trader'] as const);
    let query: string;
    let cost: number;
    if (shape === 'positions') {
      query = `query(${decl('a', da)}, ${decl('b', db)}) { positions(first: $a) { nodes { id trades(first: $b) { nodes { id price } } } } }`;
      cost = 1 + 3 * A + 3 * A * B; // positions; nodes, id, trades ×A; nodes, id, price ×A·B
    } else {
      query = `query(${decl('a', da)}, ${decl('b', db)}) { trader(id: "0x0000000000000000000000000000000000000001") { positions(first: $a) { nodes { trades(first: $b) { nodes { id } } } } } }`;
      cost = 2 + 2 * A + 2 * A * B;
    }
    return post('page-size-variables', `${shape} a=${a ?? `absent(${da ?? 'default'})`} b=${b ?? `absent(${db ?? 'default'})`} cost ${cost}`, { query, variables }, cost > LIMITS.maxCost ? over('cost') : OK);
  },

  // whatIf under up to 30 aliases, steps from a variable (value, default 11, variable default).
  'what-if-steps'({ int, pick, rnd, fx }) {
    const aliases = pick([1, int(1, 30), 30]);
    const s = rnd() < 0.15 ? undefined : pick([int(2, 100), int(2, 1000), 1000]);
    const d = rnd() < 0.3 ? int(2, 1000) : undefined;
    const steps = s ?? d ?? 11;
    const calls = Array.from({ length: aliases }, (_, i) => `w${i}: whatIf(market: $m, fromPrice: "9000", toPrice: "11000", steps: $s) { otherPriceSource points { price longPnl shortPnl floatingPnl swapRate } }`);
    const query = `query($m: String!, $s: Int${d === undefined ? '' : ` = ${d}`}) { ${calls.join(' ')} }`;
    // Per alias: whatIf, otherPriceSource, points, and per point its work and five fields.
    const cost = aliases * (3 + (LIMITS.whatIfPointWork + 5) * steps);
    return post('what-if-steps', `${aliases} aliases × ${steps} steps, cost ${cost}`, { query, variables: s === undefined ? { m: fx.market } : { m: fx.market, s } }, cost > LIMITS.maxCost ? over('cost') : OK);
  },

  // Inline fragments nested d deep (they add no depth), or fields nested past the depth limit.
  'nested-inline-fragments'({ size, pick, rnd }) {
    if (rnd() < 0.75) {
      const d = size(1, 6000);
      const [leaf] = pick(LEAVES);
      const query = `{ ${'... on Query { '.repeat(d)}${leaf}${' }'.repeat(d)} }`;
      return post('nested-inline-fragments', `${d} nested inline fragments`, { query }, bySize(query, OK));
    }
    const m = size(4, 1500);
    const query = `{ pool(id: "x") { ${'markets { pool { '.repeat(m)}id${' } }'.repeat(m)} } }`;
    return post('nested-inline-fragments', `fields nested ${2 * m + 2} deep`, { query }, bySize(query, over('depth')));
  },

  // Deep lists and objects: as variable values (the body's JSON) and as argument literals.
  'deep-values'({ size, pick }) {
    // Bodies up to 8 MB (past that the API cuts the connection instead of answering 413).
    const d = size(2, 1_000_000);
    const kind = pick(['list', 'object'] as const);
    const where = pick(['variable', 'argument'] as const);
    if (where === 'variable') {
      const deep = kind === 'list' ? `${'['.repeat(d)}1${']'.repeat(d)}` : `${'{"a":'.repeat(d)}1${'}'.repeat(d)}`;
      const [decl, field] = pick([
        ['Int', 'pools(first: $v) { nodes { id } }'],
        ['String!', 'pool(id: $v) { id }'],
        ['PositionStatus', 'positions(status: $v) { nodes { id } }'],
      ] as const);
      const body = `{"query":"query($v: ${decl}) { ${field} }","variables":{"v":${deep}}}`;
      // Deeper than the body's JSON may nest (64, with the 2 levels around it): refused before parsing;
      // else graphql-js cannot coerce it to the variable's type.
      const expect: Expectation =
        body.length > LIMITS.maxBodyBytes ? { status: 413, code: 'PAYLOAD_TOO_LARGE' } : d + 2 > 64 ? { status: 400, code: 'BAD_REQUEST' } : { status: 400, code: 'BAD_USER_INPUT' };
      return post('deep-values', `${kind} ${d} deep in a ${decl} variable`, body, expect);
    }
    const deep = kind === 'list' ? `${'['.repeat(d)}1${']'.repeat(d)}` : `${'{a: '.repeat(d)}1${'}'.repeat(d)}`;
    const query = `{ pools(first: ${deep}) { nodes { id } } }`;
    return post('deep-values', `${kind} ${d} deep in an argument`, { query }, bySize(query, { status: 400, code: 'GRAPHQL_VALIDATION_FAILED' }, JSON.stringify({ query }).length));
  },

  // Documents of many tokens (fields, aliases, operations, arguments), some over the body cap.
  'huge-documents'({ size, pick, int }) {
    const n = size(500, 400_000);
    const shape = pick(['fields', 'aliases', 'operations', 'arguments', 'strings'] as const);
    let query: string;
    if (shape === 'fields') query = `{ ${'__typename '.repeat(n)}}`;
    else if (shape === 'aliases') query = `{ ${Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    else if (shape === 'operations') query = Array.from({ length: Math.ceil(n / 4) }, (_, i) => `query Q${i} { __typename }`).join('\n');
    else if (shape === 'arguments') query = `{ pools(${Array.from({ length: Math.ceil(n / 3) }, () => 'first: 1').join(' ')}) { nodes { id } } }`;
    else query = `{ ${Array.from({ length: Math.ceil(n / 6) }, (_, i) => `a${i}: pool(id: "${'x'.repeat(int(1, 40))}") { id }`).join(' ')} }`;
    const tokens = tokenCount(query);
    const bodyBytes = JSON.stringify({ query }).length;
    // Under the token cap a document may still break a rule: too many aliases (n ≥ 500 and n / 6 ≥ 84 here), several
    // operations and no operationName, an argument given many times.
    const small: Expectation =
      shape === 'fields' ? OK : shape === 'aliases' || shape === 'strings' ? over('aliases') : shape === 'operations' ? { status: 400, code: 'OPERATION_RESOLUTION_FAILURE' } : { status: 400, code: 'GRAPHQL_VALIDATION_FAILED' };
    return post('huge-documents', `${shape}: ${tokens} tokens, ${bodyBytes} bytes`, { query }, bySize(query, small, bodyBytes));
  },

  // Every cursor kind, garbled: wrong kind, keys beyond int8 or 64 bytes, non-base64, oversized.
  'cursors'({ pick, int, size, rnd, fx }) {
    const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
    const [kind, call] = pick([
      ['id', (c: string) => `pools(after: ${c}) { nodes { id } }`],
      ['position', (c: string) => `positions(after: ${c}) { nodes { id } }`],
      ['trade', (c: string) => `trades(after: ${c}) { nodes { id } }`],
      ['trade', (c: string) => `liquidations(after: ${c}) { nodes { id } }`],
      ['liquidity', (c: string) => `liquidityEvents(after: ${c}) { nodes { id } }`],
      ['rate', (c: string) => `ratePoints(pool: "${fx.pool}", after: ${c}) { nodes { id } }`],
      ['rank', (c: string) => `leaderboard(after: ${c}) { nodes { rank } }`],
    ] as const);
    const intKind = kind === 'trade' || kind === 'liquidity' || kind === 'rate' || kind === 'rank';
    const digits = (n: number) => String(int(1, 9)) + Array.from({ length: n - 1 }, () => String(int(0, 9))).join('');
    const hex = (bytes: number) => Array.from({ length: bytes }, () => int(0, 255).toString(16).padStart(2, '0')).join('');
    const garbles = intKind
      ? [
          () => b64(`${kind}:${String(2n ** 63n + BigInt(int(0, 1e9)))}`), // beyond int8
          () => b64(`${kind}:93${digits(17).slice(1)}${int(0, 9)}`), // 19 digits from 9.3e18: beyond int8
          () => b64(`${kind}:${digits(int(20, 80))}`),
          () => b64(`${kind}:-${digits(int(1, 10))}`),
          () => b64(`${kind}:${hex(int(1, 8))}z`),
          () => b64(`${pick(['id', 'position', 'trade', 'liquidity', 'rate', 'rank'].filter((k) => k !== kind))}:${digits(3)}`),
        ]
      : [
          () => b64(`${kind}:${hex(int(65, 600))}`), // beyond 64 bytes
          () => b64(`${kind}:${hex(int(1, 20))}0`), // odd length
          () => b64(`${kind}:${hex(int(1, 20)).toUpperCase()}G`),
          () => b64(`${kind === 'id' ? 'position' : 'id'}:${hex(20)}`),
          () => b64(`${kind}:`),
        ];
    const common = [() => 'A'.repeat(size(201, 200_000)), () => `${b64(`${kind}:1`)}==`, () => '%%%', () => '💥'.repeat(int(1, 50)), () => b64(`${kind}:${'1'.repeat(int(1, 5))}`).slice(0, 1) + '*'];
    const cursor = rnd() < 0.7 ? pick(garbles)() : pick(common)();
    // Half by variable, half inline.
    if (rnd() < 0.5) return post('cursors', `${kind} cursor "${cursor.slice(0, 40)}" (${cursor.length} chars)`, { query: `query($c: String) { ${call('$c')} }`, variables: { c: cursor } }, { status: 400, code: 'BAD_USER_INPUT' });
    const query = `{ ${call(JSON.stringify(cursor))} }`;
    return post('cursors', `${kind} cursor "${cursor.slice(0, 40)}" inline (${cursor.length} chars)`, { query }, { status: 400, code: 'BAD_USER_INPUT' });
  },

  // What a page on another origin can make a browser send.
  'browser-requests'({ pick, int, fx }) {
    const query = JSON.stringify({ query: '{ pools { nodes { id } } }' });
    const evil = pick(['https://evil.example', 'http://127.0.0.1:5174', 'http://localhost:8080', 'null', `http://${fx.host}.evil.example`, 'https://dashboards.example.evil']);
    const variant = int(0, 7);
    const refusedOrigin: Expectation = { status: 403, code: 'ORIGIN_NOT_ALLOWED' };
    switch (variant) {
      case 0:
        return post('browser-requests', 'text/plain POST', query, { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' }, { 'content-type': pick(['text/plain', 'text/plain;charset=UTF-8']) });
      case 1:
        return post('browser-requests', 'multipart/form-data POST', `--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n{ pools { nodes { id } } }\r\n--x--\r\n`, { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' }, { 'content-type': 'multipart/form-data; boundary=x' });
      case 2:
        return post('browser-requests', 'form POST', `query=${encodeURIComponent('{ pools { nodes { id } } }')}`, { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' }, { 'content-type': 'application/x-www-form-urlencoded' });
      case 3:
        return { cls: 'browser-requests', label: 'GET without a preflight header', method: 'GET', path: `/graphql?query=${encodeURIComponent('{ pools { nodes { id } } }')}`, headers: {}, expect: { status: 400, code: 'BAD_REQUEST' } };
      case 4:
        return post('browser-requests', `JSON POST from ${evil}`, query, refusedOrigin, { ...JSON_HEADERS, origin: evil });
      case 5:
        return { cls: 'browser-requests', label: `preflight from ${evil}`, method: 'OPTIONS', path: '/graphql', headers: { origin: evil, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' }, expect: refusedOrigin };
      case 6:
        return { cls: 'browser-requests', label: `GET with the header from ${evil}`, method: 'GET', path: `/graphql?query=${encodeURIComponent('{ pools { nodes { id } } }')}`, headers: { origin: evil, 'apollo-require-preflight': '1' }, expect: refusedOrigin };
      default:
        // A DNS-rebinding page: same-origin to itself, so no Origin on GET, and any header it likes; its Host gives it away.
        return { cls: 'browser-requests', label: 'GET through a rebound host name', method: 'GET', path: `/graphql?query=${encodeURIComponent('{ pools { nodes { id } } }')}`, headers: { host: `rebind.evil.example:${fx.host.split(':')[1]}`, 'apollo-require-preflight': '1' }, expect: { status: 403, code: 'HOST_NOT_ALLOWED' } };
    }
  },

  'operation-types'({ pick, int }) {
    const type = pick(['mutation', 'subscription'] as const);
    const selection = pick(['{ pools { nodes { id } } }', '{ indexingStatus { lagBlocks } }', '{ __typename }', '{ x }']);
    if (int(0, 1) === 0) return post('operation-types', `${type} ${selection}`, { query: `${type} ${selection}` }, { status: 400, code: 'BAD_REQUEST' });
    return post('operation-types', `${type} chosen by operationName beside a query`, { query: `query Q { __typename } ${type} M ${selection}`, operationName: 'M' }, { status: 400, code: 'BAD_REQUEST' });
  },

  'persisted-queries'({ pick, int, rnd }) {
    const query = pick(['{ pools { nodes { id } } }', '{ __typename }', `{ a${int(0, 1e6)}: __typename }`]);
    const right = createHash('sha256').update(query).digest('hex');
    const variant = int(0, 4);
    if (variant === 0) return post('persisted-queries', 'hash of another text', { query, extensions: { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query + ' ').digest('hex') } } }, { status: 400, code: 'BAD_REQUEST' });
    if (variant === 1) return post('persisted-queries', 'hash upper-cased or cut', { query, extensions: { persistedQuery: { version: 1, sha256Hash: rnd() < 0.5 ? right.toUpperCase() : right.slice(0, int(0, 63)) } } }, { status: 400, code: 'BAD_REQUEST' });
    if (variant === 2) return post('persisted-queries', 'not a hash', { query, extensions: { persistedQuery: { version: 1, sha256Hash: pick([42, null, {}, ['x'], 'x'.repeat(int(1, 5000))]) } } }, { status: 400, code: 'BAD_REQUEST' });
    if (variant === 3) return post('persisted-queries', 'unsupported version', { query, extensions: { persistedQuery: { version: pick([0, 2, '1', null]), sha256Hash: right } } }, { status: 400, code: 'BAD_REQUEST' });
    // A hash the API has not seen, without the text: the protocol's answer is 200 PERSISTED_QUERY_NOT_FOUND (the client then sends the text).
    return post('persisted-queries', 'unknown hash without text', { extensions: { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(`unknown ${rnd()}`).digest('hex') } } }, { status: 200, code: 'PERSISTED_QUERY_NOT_FOUND' });
  },

  batches({ size }) {
    const n = size(2, 2000);
    const batch = Array.from({ length: n }, (_, i) => ({ query: i % 2 ? '{ __typename }' : '{ pools(first: 1000) { nodes { id markets { id } } } }' }));
    const body = JSON.stringify(batch);
    return post('batches', `${n} operations in one request`, body, body.length > LIMITS.maxBodyBytes ? { status: 413, code: 'PAYLOAD_TOO_LARGE' } : { status: 400, code: 'BAD_REQUEST' });
  },
};
