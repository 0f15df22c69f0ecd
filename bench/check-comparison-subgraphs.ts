// Builds the indexing bench's comparison subgraphs (bench/lib/comparison-subgraphs.ts)
// against a placeholder network, so a change to our manifest, ABIs or graph-ts
// that breaks them fails `npm test` instead of the next `npm run bench`.
//
//   npx tsx bench/check-comparison-subgraphs.ts
import { buildComparison, comparisonSubgraphs } from './lib/comparison-subgraphs.ts';

const config = { network: 'anvil', factoryAddress: '0x5FbDB2315678afecb367f032d93F642f64180aa3', startBlock: 1 };
for (const name of comparisonSubgraphs) {
  const t0 = Date.now();
  await buildComparison(name, config);
  console.log(`bench/${name}-subgraph: graph codegen + graph build ok (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}
