// Writes math/golden/mechanism-examples.json from scenarios.ts, or with
// --check fails when the committed file differs from what the model computes.
//   npm run golden -w math            (write)
//   npm run golden:check -w math      (check only)
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildGolden, renderGolden } from './build.ts';
import { SCENARIOS } from './scenarios.ts';

export const GOLDEN_PATH = fileURLToPath(new URL('./mechanism-examples.json', import.meta.url));

const check = process.argv.includes('--check');
const text = renderGolden(buildGolden(SCENARIOS));
if (check) {
  let current = '';
  try {
    current = readFileSync(GOLDEN_PATH, 'utf8');
  } catch {
    // missing: reported below
  }
  if (current !== text) {
    console.error(`golden: ${GOLDEN_PATH} is stale or missing; run \`npm run golden -w math\` and commit the result`);
    process.exit(1);
  }
  console.log(`golden: ${GOLDEN_PATH} is up to date (${SCENARIOS.length} examples)`);
} else {
  writeFileSync(GOLDEN_PATH, text);
  const steps = SCENARIOS.reduce((n, s) => n + s.steps.length, 0);
  console.log(`golden: wrote ${GOLDEN_PATH} (${SCENARIOS.length} examples, ${steps} steps, ${text.length} bytes)`);
}
