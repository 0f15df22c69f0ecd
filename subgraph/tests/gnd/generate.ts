// Generates the gnd JSON tests (subgraph/tests/gnd/*.json) from the scenarios
// in scenarios.ts: mock blocks with exactly the events the contracts emit
// (model.ts reproduces their arithmetic) and GraphQL assertions with the exact
// results the subgraph must give. The JSON files are committed; the runner
// (../run-gnd-tests.ts) fails when they differ from what this file produces.
//
//   npx tsx subgraph/tests/gnd/generate.ts          write the JSON files
//   npx tsx subgraph/tests/gnd/generate.ts --check  exit 1 if any is stale
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { subgraphDir } from '../../../stack/src/paths.ts';
import { renderManifest, type NetworkConfig } from '../../../stack/src/subgraph-build.ts';
import { FLAT_SIG, SIG } from './model.ts';
import { FACTORY, scenarios } from './scenarios.ts';

// (No import.meta: subgraph/ is not an ES module package, so tsc checks these files as CommonJS.)
export const gndDir = join(subgraphDir, 'tests', 'gnd');

/** The network config the test manifest is rendered with (gnd mocks whatever chain the manifest names). */
export const TEST_NETWORK: NetworkConfig = { network: 'mainnet', factoryAddress: FACTORY, startBlock: 0 };

/**
 * The production manifest plus the test-only TupleShim data source (shim/tuple-shim.ts): no address, so it
 * sees the flat twins of PoolCreated and ParamsUpdated from any contract, as the real data sources would.
 */
export function testManifest(config: NetworkConfig): string {
  const manifest = renderManifest(config);
  const shim = `  - kind: ethereum/contract
    name: TupleShim
    network: ${config.network}
    source:
      abi: TupleShim
      startBlock: ${config.startBlock}
    mapping:
      kind: ethereum/events
      apiVersion: 0.0.9
      language: wasm/assemblyscript
      entities: [Protocol, Pool, Market, PriceFeed, IndexMarket, PoolRatePoint, ParameterChange]
      abis:
        - name: TupleShim
          file: ${join(gndDir, 'shim', 'TupleShim.json')}
      eventHandlers:
        - event: ${manifestSignature(FLAT_SIG.PoolCreated)}
          handler: handlePoolCreatedFlat
        - event: ${manifestSignature(FLAT_SIG.ParamsUpdated)}
          handler: handleParamsUpdatedFlat
      file: ${join(gndDir, 'shim', 'tuple-shim.ts')}
`;
  const at = manifest.indexOf('\ntemplates:');
  if (at < 0) throw new Error('testManifest: no templates: section in the rendered manifest');
  return manifest.slice(0, at + 1) + shim + manifest.slice(at + 1);
}

/** `Name(type indexed a, type b)` → `Name(indexed type,type)`, the manifest's form. */
export function manifestSignature(sig: string): string {
  const open = sig.indexOf('(');
  const name = sig.slice(0, open);
  const body = sig.slice(open + 1, -1);
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of body) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) parts.push(cur.trim());
  return `${name}(${parts
    .map((p) => {
      const words = p.split(/\s+/);
      return (words.includes('indexed') ? 'indexed ' : '') + words[0];
    })
    .join(',')})`;
}

/** Every event signature the scenarios use must be one the manifest template handles. */
function checkSignatures(): void {
  const template = readFileSync(join(gndDir, '..', '..', 'subgraph.template.yaml'), 'utf8');
  const handled = new Set([...template.matchAll(/- event: (.+)$/gm)].map((m) => m[1]!.trim()));
  for (const [name, sig] of Object.entries(SIG)) {
    if (!handled.has(manifestSignature(sig))) throw new Error(`generate: ${name} signature ${manifestSignature(sig)} is not in subgraph.template.yaml`);
  }
  if (handled.size !== Object.keys(SIG).length) throw new Error(`generate: the manifest handles ${handled.size} events, the scenarios know ${Object.keys(SIG).length}`);
  // Each flat twin is its event with the tuple's fields spread and the (bytes32,uint16)[] array split in two.
  for (const name of ['PoolCreated', 'ParamsUpdated'] as const) {
    const flattened = manifestSignature(SIG[name]).replace(/,?\(bytes32,uint16\)\[\]/, ',bytes32[],uint16[]').replace(/\((address,[^)]*)\)/g, (_, inner: string) => inner).replace(`${name}(`, `${name}Flat(`);
    const wrapped = flattened.replace(/^(\w+)\((.*)\)$/, (_, n: string, body: string) => `${n}(${body.replace(/^\(|\)$/g, '')})`);
    if (wrapped !== manifestSignature(FLAT_SIG[name])) throw new Error(`generate: ${FLAT_SIG[name]} is not the flat form of ${SIG[name]}`);
  }
}

/** File name → JSON text of every generated test. */
export function renderAll(): Map<string, string> {
  checkSignatures();
  const out = new Map<string, string>();
  for (const scenario of scenarios()) {
    const file = `${scenario.file}.json`;
    if (out.has(file)) throw new Error(`generate: duplicate scenario file ${file}`);
    out.set(file, JSON.stringify({ name: scenario.name, blocks: scenario.blocks, assertions: scenario.assertions }, null, 2) + '\n');
  }
  return out;
}

export function generatedFileNames(): string[] {
  return [...renderAll().keys()].sort();
}

/** Generated files that are missing or differ on disk, and JSON files no scenario produces. */
export function staleFiles(): string[] {
  const expected = renderAll();
  const stale: string[] = [];
  for (const [file, text] of expected) {
    const path = join(gndDir, file);
    if (!existsSync(path) || readFileSync(path, 'utf8') !== text) stale.push(file);
  }
  for (const file of readdirSync(gndDir)) if (file.endsWith('.json') && !expected.has(file)) stale.push(`${file} (no scenario)`);
  return stale;
}

function main(): void {
  if (process.argv.includes('--check')) {
    const stale = staleFiles();
    if (stale.length > 0) {
      console.error(`gnd tests are stale: ${stale.join(', ')}\n  → run \`npx tsx subgraph/tests/gnd/generate.ts\``);
      process.exit(1);
    }
    console.log('gnd tests are current');
    return;
  }
  const files = renderAll();
  for (const file of readdirSync(gndDir)) if (file.endsWith('.json') && !files.has(file)) rmSync(join(gndDir, file));
  let assertions = 0;
  for (const [file, text] of files) {
    writeFileSync(join(gndDir, file), text);
    assertions += (JSON.parse(text) as { assertions: unknown[] }).assertions.length;
  }
  console.log(`wrote ${files.size} gnd test files with ${assertions} assertions to ${gndDir}`);
}

if (process.argv[1] && basename(process.argv[1]) === 'generate.ts') main();
