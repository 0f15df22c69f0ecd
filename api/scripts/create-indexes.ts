// Creates the API's extra indexes (api/src/db/indexes.ts) in the current
// deployment's schema of a named subgraph — for operators whose API role is
// read-only (docs/operations.md). Run with the URL of the role that owns
// graph-node's tables (graph-node's own):
//   DATABASE_URL=postgresql://graph-node:...@host/graph SUBGRAPH_NAME=pvp-amm npx tsx api/scripts/create-indexes.ts [--print]
// `--print` only prints the SQL (for psql). Run again after every new deployment version.
import { createDb } from '../src/db/database.ts';
import { findDeployment } from '../src/db/deployment.ts';
import { ensureIndexes, indexStatements } from '../src/db/indexes.ts';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is required (the role that owns graph-node\'s tables)');
  process.exit(2);
}
const name = process.env.SUBGRAPH_NAME ?? 'subgraph-0';
const { db, close } = createDb(url);
const ref = await findDeployment(db, name).finally(close);
if (!ref) {
  console.error(`subgraph "${name}" is not deployed in this store`);
  process.exit(1);
}
if (process.argv.includes('--print')) {
  for (const s of indexStatements(ref.schema)) console.log(`${s};`);
  process.exit(0);
}
const r = await ensureIndexes(url, ref.schema, (e) => console.log(JSON.stringify(e)));
console.log(`${ref.deployment} (${ref.schema}): created ${r.created.length}, failed ${r.failed.length}`);
process.exit(r.failed.length ? 1 : 0);
