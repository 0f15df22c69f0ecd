// Compiles every matchstick-as unit test (subgraph/tests/matchstick/*.test.ts,
// AssemblyScript) with the AssemblyScript compiler graph-cli uses, the way
// `graph test` would before running them, so they cannot rot. It does NOT run
// them: running needs the matchstick binary, which `graph test` downloads from
// the internet (not possible here). It says so plainly.
//
// Needs subgraph/generated/ (graph codegen; run-gnd-tests.ts or
// `npm run build -w subgraph` produce it), since the helpers import the schema.
//
//   npx tsx subgraph/tests/compile-matchstick.ts
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { bin, repoRoot, subgraphDir } from '../../stack/src/paths.ts';

const run = promisify(execFile);
const testsDir = join(subgraphDir, 'tests', 'matchstick');

function fail(message: string): never {
  console.error(`matchstick: ${message}`);
  process.exit(1);
}

async function main(): Promise<void> {
  const asc = bin('asc');
  if (!existsSync(asc)) fail(`AssemblyScript compiler not found at ${asc}; run \`npm install\``);
  const matchstick = join(repoRoot, 'node_modules', 'matchstick-as', 'assembly', 'index.ts');
  if (!existsSync(matchstick)) fail('matchstick-as is not installed; run `npm install` (devDependency of the subgraph workspace)');
  if (!existsSync(join(subgraphDir, 'generated', 'schema.ts'))) {
    fail('subgraph/generated/schema.ts is missing: run `npx tsx subgraph/tests/run-gnd-tests.ts` or `npm run build -w subgraph` first (graph codegen)');
  }
  const files = readdirSync(testsDir).filter((f) => f.endsWith('.test.ts')).sort();
  if (files.length === 0) fail(`no *.test.ts files in ${testsDir}`);

  const globals = join(repoRoot, 'node_modules', '@graphprotocol', 'graph-ts', 'global', 'global.ts');
  const libs = [join(subgraphDir, 'node_modules'), join(repoRoot, 'node_modules')].filter((d) => existsSync(d)).join(',');
  const out = mkdtempSync(join(tmpdir(), 'pvp-matchstick-'));
  const failures: string[] = [];
  try {
    for (const file of files) {
      // As graph-cli's compiler (dist/compiler/asc.js) does for mappings: graph-ts's globals as a second
      // entry, node_modules folders as --lib, stub runtime, exported runtime helpers, explicit start.
      const args = [
        relative(repoRoot, join(testsDir, file)),
        relative(repoRoot, globals),
        '--baseDir',
        repoRoot,
        '--lib',
        libs,
        '--explicitStart',
        '--exportRuntime',
        '--runtime',
        'stub',
        '--debug',
        '--outFile',
        join(out, file.replace(/\.ts$/, '.wasm')),
      ];
      try {
        await run(asc, args, { cwd: repoRoot });
      } catch (err) {
        const e = err as { stdout?: string; stderr?: string; message: string };
        failures.push(`${file}:\n${(e.stdout ?? '') + (e.stderr ?? '') || e.message}`);
      }
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  if (failures.length > 0) fail(`${failures.length} of ${files.length} test files do not compile:\n\n${failures.join('\n\n')}`);
  console.log(`matchstick: compiled ${files.length} test files; running them needs \`graph test\` with network access`);
}

main().catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)));
