import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateClient } from './gen-client.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const schema = readFileSync(join(root, 'api', 'src', 'schema.graphql'), 'utf8');

test('operation types follow the selection, nullability and variables', () => {
  const out = generateClient(schema, [
    { file: join(root, 'dashboards/src/x.graphql'), text: `query PoolRates($id: String!, $block: Int) { pool(id: $id, block: $block) { id swapRate live: liveSwapRate { swapRate priceSource } markets { ...M } } }\nfragment M on Market { name averageEntryPriceLong }` },
  ]);
  assert.match(out, /export interface PoolRatesVariables \{\n  id: string;\n  block\?: number \| null;\n\}/);
  assert.match(out, /export type PoolRatesResult = \{\n  pool: \{\n    id: string;\n    swapRate: string;\n    live: \{\n      swapRate: string \| null;\n      priceSource: PriceSource;\n    \};\n    markets: Array<\{\n      name: string \| null;\n      averageEntryPriceLong: string \| null;\n    \}>;\n  \} \| null;\n\};/);
  assert.match(out, /export const PoolRatesDocument = ".*fragment M on Market.*" as TypedDocument<PoolRatesResult, PoolRatesVariables>;/);
  assert.match(out, /export type PositionStatus = 'OPEN' \| 'CLOSED' \| 'LIQUIDATED';/);
});

test('documents that do not validate against the schema are refused', () => {
  assert.throws(() => generateClient(schema, [{ file: 'bad.graphql', text: 'query Bad { pools { nodes { nope } } }' }]), /Cannot query field "nope"/);
});

test('the committed dashboards client is current', () => {
  const docs: Array<{ file: string; text: string }> = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'generated' || e.name === 'node_modules') continue;
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.name.endsWith('.graphql')) docs.push({ file: join(dir, e.name), text: readFileSync(join(dir, e.name), 'utf8') });
    }
  };
  walk(join(root, 'dashboards', 'src'));
  docs.sort((a, b) => a.file.localeCompare(b.file));
  assert.equal(readFileSync(join(root, 'dashboards', 'src', 'generated', 'api.ts'), 'utf8'), generateClient(schema, docs), 'run `npm run gen:client -w api`');
});
