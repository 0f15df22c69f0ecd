// Runs the subgraph's gnd JSON tests (subgraph/tests/gnd/*.json) through the
// real graph-node runtime and store, with only the chain mocked:
//   1. checks that the committed JSON files are what generate.ts produces;
//   2. renders the manifest for the fixed test network, plus the test-only
//      TupleShim data source (gnd/shim/tuple-shim.ts: gnd cannot encode tuple
//      event parameters), and builds it with graph-cli
//      (stack/src/subgraph-build.ts, as `npm start` does);
//   3. starts a private embedded Postgres on a free port;
//   4. runs `gnd test --skip-build --postgres-url URL -m MANIFEST FILES`;
//   5. stops Postgres and exits non-zero on any failure, with gnd's output.
// It never skips: if gnd, graph-cli or Postgres cannot run, it fails.
//
//   npx tsx subgraph/tests/run-gnd-tests.ts [file.json ...]   (default: all)
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { bin, contractsDir } from '../../stack/src/paths.ts';
import { freePort } from '../../stack/src/ports.ts';
import postgres from 'postgres';
import { prepareGraphDatabase, startEmbeddedPostgres, type PostgresHandle } from '../../stack/src/postgres.ts';
import { buildSubgraph } from '../../stack/src/subgraph-build.ts';
import { generatedFileNames, gndDir, staleFiles, TEST_NETWORK, testManifest } from './gnd/generate.ts';

function fail(message: string): never {
  console.error(`test:subgraph: ${message}`);
  process.exit(1);
}

async function main(): Promise<void> {
  const stale = staleFiles();
  if (stale.length > 0) {
    fail(`generated gnd tests are stale: ${stale.join(', ')}\n  → run \`npx tsx subgraph/tests/gnd/generate.ts\` and commit the JSON files`);
  }

  const args = process.argv.slice(2);
  const files = args.length > 0 ? args.map((f) => resolve(f)) : generatedFileNames().map((f) => join(gndDir, f));
  if (files.length === 0) fail(`no gnd test files in ${gndDir}`);
  for (const f of files) if (!existsSync(f)) fail(`test file not found: ${f}`);

  const gnd = bin('gnd');
  if (!existsSync(gnd)) fail(`gnd not found at ${gnd}; run \`npm install\` (package @graphprotocol/gnd-linux-x64)`);
  if (!existsSync(join(contractsDir, 'out', 'PvpPool.sol', 'PvpPool.json'))) {
    fail('contracts/out is missing: run `npm run build -w contracts` first (the manifest takes its ABIs from forge output)');
  }

  console.log(`test:subgraph: building the subgraph for network ${TEST_NETWORK.network} (factory ${TEST_NETWORK.factoryAddress})`);
  const built = await buildSubgraph(TEST_NETWORK, 'gnd-test', (l) => console.log(`test:subgraph: ${l}`), testManifest);

  const tmp = mkdtempSync(join(tmpdir(), 'pvp-gnd-test-'));
  let pg: PostgresHandle | undefined;
  let code = 1;
  try {
    const port = await freePort();
    console.log(`test:subgraph: starting embedded Postgres on 127.0.0.1:${port}`);
    // The temporary folder itself is the data folder: as root, startEmbeddedPostgres opens it to the postgres user.
    const logDir = join(tmp, 'logs');
    mkdirSync(logDir);
    pg = await startEmbeddedPostgres(tmp, port, logDir);
    // One gnd run per file, each on a fresh database: gnd derives one deployment hash per run, and with
    // --postgres-url a second test file of the same run would reuse (and see) the first one's deployment.
    const failed: string[] = [];
    let assertions = 0;
    for (const [i, file] of files.entries()) {
      const url = await freshDatabase(pg.url, `gnd_test_${i}`);
      console.log(`test:subgraph: gnd test ${basename(file)}`);
      const { exit, output } = await runGnd(gnd, ['test', '--skip-build', '--postgres-url', url, '--manifest', built.manifest, file], join(built.manifest, '..'));
      // A zero exit must also mean gnd ran the test: never count "no tests found" as a pass.
      const ran = /Tests: 1 passed, 0 failed/.test(output);
      if (exit !== 0 || !ran) failed.push(`${basename(file)} (exit ${exit}${ran ? '' : ', no passing test reported'})`);
      else assertions += (output.match(/✔ \{/g) ?? []).length;
    }
    if (failed.length > 0) console.error(`test:subgraph: failed: ${failed.join(', ')}`);
    else console.log(`test:subgraph: gnd passed ${files.length} test files, ${assertions} GraphQL assertions`);
    code = failed.length === 0 ? 0 : 1;
  } finally {
    await pg?.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
  if (code !== 0) fail('gnd test failed; see its output above');
}

/** A new database on the test server, C locale, with graph-node's extensions; its URL. */
async function freshDatabase(serverUrl: string, name: string): Promise<string> {
  const sql = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`create database "${name}" template template0 encoding 'UTF8' lc_collate 'C' lc_ctype 'C'`);
  } finally {
    await sql.end();
  }
  const url = serverUrl.replace(/\/[^/?]+(\?.*)?$/, `/${name}`);
  await prepareGraphDatabase(url);
  return url;
}

/** Runs gnd, passing its output through and keeping it for the checks above. */
function runGnd(gnd: string, args: string[], cwd: string): Promise<{ exit: number; output: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(gnd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GRAPH_LOG: process.env.GRAPH_LOG ?? 'warn' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      process.stderr.write(chunk);
    });
    child.once('error', (err) => reject(new Error(`cannot run ${gnd}: ${err.message}`)));
    child.once('close', (code, signal) => resolvePromise({ exit: code ?? (signal ? 128 : 1), output }));
  });
}

main().catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)));
