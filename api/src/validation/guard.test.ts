// The guard through Apollo Server's request pipeline (executeOperation runs
// parsing, the plugin and execution as an HTTP request would), on the API's
// schema, and the dashboards' own documents against it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApolloServer } from '@apollo/server';
import { buildSchema, getIntrospectionQuery, getOperationAST, Kind, parse } from 'graphql';
import { repoRoot } from '../../../stack/src/paths.ts';
import { typeDefs } from '../server.ts';
import { operationCost } from './cost.ts';
import { documentErrors, queryGuard } from './guard.ts';
import { DEFAULT_LIMITS } from './limits.ts';

const limits = DEFAULT_LIMITS;
const schema = buildSchema(typeDefs);

function guardedServer() {
  const guard = queryGuard(limits);
  return { server: new ApolloServer({ typeDefs, ...guard.options, plugins: [guard.plugin] }), guard };
}

async function run(query: string, variables?: Record<string, unknown>) {
  const { server } = guardedServer();
  await server.start();
  try {
    const res = await server.executeOperation({ query, variables });
    assert.equal(res.body.kind, 'single');
    const result = res.body.kind === 'single' ? res.body.singleResult : {};
    return { status: res.http.status ?? 200, errors: result.errors ?? [], data: result.data };
  } finally {
    await server.stop();
  }
}

const refusal = async (query: string, variables?: Record<string, unknown>) => {
  const r = await run(query, variables);
  assert.equal(r.status, 400, `${query.slice(0, 80)}: HTTP ${r.status}`);
  assert.equal(r.errors.length, 1);
  return { code: r.errors[0]!.extensions?.code, limit: r.errors[0]!.extensions?.limit, message: r.errors[0]!.message };
};

test('mutations and subscriptions are refused with 400 BAD_REQUEST before execution', async () => {
  for (const q of ['mutation { pools { nodes { id } } }', 'subscription { indexingStatus { lagBlocks } }', 'query A { __typename } mutation B { x }']) {
    const op = q.startsWith('query A') ? 'B' : undefined;
    const { server } = guardedServer();
    await server.start();
    const res = await server.executeOperation({ query: q, operationName: op });
    await server.stop();
    assert.equal(res.http.status, 400, q);
    const errors = res.body.kind === 'single' ? res.body.singleResult.errors! : [];
    assert.equal(errors[0]!.extensions!.code, 'BAD_REQUEST');
    assert.match(errors[0]!.message, /read-only: only query operations/);
  }
});

test('limits, validation and cost refusals are 400 GRAPHQL_VALIDATION_FAILED, the limit named', async () => {
  const dag = Array.from({ length: 40 }, (_, i) => (i === 0 ? 'fragment F0 on Query { __typename }' : `fragment F${i} on Query { ...F${i - 1} ...F${i - 1} }`)).join(' ') + ' { ...F39 }';
  assert.deepEqual(await refusal(dag), { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'fields', message: `the operation expands to more than ${limits.maxCost} fields once fragments are spread (the limit): spread fewer fragments or ask for fewer fields` });
  const nested = 'query($a: Int, $b: Int) { positions(first: $a) { nodes { trades(first: $b) { nodes { id } } } } }';
  const cost = await refusal(nested, { a: 1000, b: 1000 });
  assert.equal(cost.code, 'GRAPHQL_VALIDATION_FAILED');
  assert.equal(cost.limit, 'cost');
  assert.equal((await refusal(`{ pools { nodes { nope } } }`)).code, 'GRAPHQL_VALIDATION_FAILED');
  assert.match((await refusal(`{ a: pools { nodes { id } } a: indexingStatus { lagBlocks } }`)).message, /Fields "a" conflict/);
  const deep = await refusal(`{ pool(id: "x") { markets { pool { markets { pool { markets { pool { markets { pool { id } } } } } } } } } }`);
  assert.equal(deep.limit, 'depth');
});

test('a document over the token cap is refused while parsing: 400 GRAPHQL_PARSE_FAILED', async () => {
  const r = await refusal(`{ ${Array(limits.maxTokens).fill('__typename').join(' ')} }`);
  assert.equal(r.code, 'GRAPHQL_PARSE_FAILED');
  assert.match(r.message, new RegExp(`more tha[nt] ${limits.maxTokens} tokens`));
  // Nesting is bounded by the tokens: 3,000 nested inline fragments never reach a recursive check.
  const nest = `{ ${'... on Query { '.repeat(3000)}__typename${' }'.repeat(3000)} }`;
  assert.equal((await refusal(nest)).code, 'GRAPHQL_PARSE_FAILED');
});

test('queries within the limits run, variables included', async () => {
  const ok = await run('query($a: Int) { __typename pools(first: $a) { __typename } }', { a: 1000 });
  assert.ok(!ok.errors.some((e) => e.extensions?.code === 'GRAPHQL_VALIDATION_FAILED' || e.extensions?.code === 'BAD_REQUEST'), JSON.stringify(ok.errors));
  const intro = await run(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true, specifiedByUrl: true, directiveIsRepeatable: true }));
  assert.equal(intro.status, 200);
  assert.deepEqual(intro.errors, []);
});

test("the dashboards' documents pass every check, at the variables they send", () => {
  const dir = join(repoRoot, 'dashboards', 'src', 'queries');
  const now = Math.floor(Date.now() / 1000);
  // The largest values the dashboards pass (hourly candles over their "all" range, 4999 hours back:
  // 5000 buckets; what-if with 61 steps; pages of 200 and 500).
  const variables = { pool: '0x', id: '0x', market: '0x', trader: '0x', from: now - 4999 * 3600, dayAgo: now - 86400, block: 1, interval: 'HOUR', fromPrice: '1', toPrice: '2', steps: 61, orderBy: 'VOLUME' };
  let operations = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.graphql'))) {
    const document = parse(readFileSync(join(dir, file), 'utf8'), { maxTokens: limits.maxTokens });
    assert.deepEqual(documentErrors(schema, document, limits), [], file);
    for (const d of document.definitions) {
      if (d.kind !== Kind.OPERATION_DEFINITION) continue;
      operations++;
      const operation = getOperationAST(document, d.name?.value)!;
      const cost = operationCost({ schema, document, operation, variables, maxPageSize: limits.maxPageSize, limit: limits.maxCost });
      assert.ok(cost !== undefined && cost <= limits.maxCost, `${file} ${d.name?.value}: cost ${cost}`);
    }
  }
  assert.ok(operations >= 8, `${operations} operations checked`);
});

test('the largest list each root field serves, with every field of its items, is admitted', () => {
  const now = Math.floor(Date.now() / 1000);
  const scalars = (typeName: string) => {
    const type = schema.getType(typeName) as import('graphql').GraphQLObjectType;
    return Object.values(type.getFields())
      .filter((f) => f.args.length === 0 && /^(String|Int|Boolean|PositionStatus|TradeKind|LiquidityEventKind|PriceSource|RpcStatus)!?$/.test(f.type.toString()))
      .map((f) => f.name)
      .join(' ');
  };
  const cases: Record<string, string> = {
    positions: `{ positions(first: ${limits.maxPageSize}) { nodes { ${scalars('Position')} } pageInfo { endCursor hasNextPage } } }`,
    trades: `{ trades(first: ${limits.maxPageSize}) { nodes { ${scalars('Trade')} } } }`,
    liquidityEvents: `{ liquidityEvents(first: ${limits.maxPageSize}) { nodes { ${scalars('LiquidityEvent')} } } }`,
    leaderboard: `{ leaderboard(first: ${limits.maxPageSize}) { nodes { ${scalars('LeaderboardEntry')} } } }`,
    ratePoints: `{ ratePoints(pool: "0x", first: ${limits.maxPageSize}) { nodes { ${scalars('RatePoint')} } } }`,
    rateCandles: `{ rateCandles(pool: "0x", interval: HOUR, from: ${now - 4999 * 3600}) { ${scalars('RateCandle')} } }`,
    periodStats: `{ periodStats(interval: HOUR, from: ${now - 4999 * 3600}) { ${scalars('PeriodStats')} } }`,
    whatIf: `{ whatIf(market: "0x", fromPrice: "1", toPrice: "2", steps: 1000) { otherPriceSource points { ${scalars('WhatIfPoint')} } } }`,
  };
  for (const [name, query] of Object.entries(cases)) {
    const document = parse(query);
    assert.deepEqual(documentErrors(schema, document, limits), [], name);
    const cost = operationCost({ schema, document, operation: getOperationAST(document)!, variables: {}, maxPageSize: limits.maxPageSize, limit: limits.maxCost, now });
    assert.ok(cost! <= limits.maxCost, `${name}: cost ${cost} over ${limits.maxCost}`);
    assert.ok(cost! > 4000, `${name}: cost ${cost} is the full list`);
  }
});

test("only documents the guard accepted are kept for later requests; refused ones are parsed and refused again", async () => {
  const { server, guard } = guardedServer();
  await server.start();
  try {
    const ask = async (query: string, variables?: Record<string, unknown>) => (await server.executeOperation({ query, variables })).http.status ?? 200;
    for (let i = 0; i < 50; i++) assert.equal(await ask(`{ a${i}: pools { nodes { nope } } }`), 400);
    assert.equal(await ask('mutation { x }'), 400);
    assert.equal(guard.documents.size, 0, 'refused documents are not stored');
    const nested = 'query($a: Int, $b: Int) { positions(first: $a) { nodes { trades(first: $b) { nodes { id } } } } }';
    assert.equal(await ask(nested, { a: 1000, b: 1000 }), 400, 'over the cost at these variables');
    assert.equal(guard.documents.size, 1, 'a valid document is kept whatever its cost at one request\'s variables');
    assert.equal(await ask(nested, { a: 1000, b: 1000 }), 400, 'the cost is checked again at each request');
    assert.equal(await ask('{ __typename }'), 200);
    assert.equal(guard.documents.size, 2);
  } finally {
    await server.stop();
  }
});
