// `npm run sim -- [--seed N] [--steps N] [--pace MS]`: runs the simulator
// against the stack that `npm start` brought up (read from .data/stack.json).
import { readFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runSimulation } from './simulator.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    steps: { type: 'string' },
    pace: { type: 'string', default: '0' },
    'state-file': { type: 'string', default: join(root, '.data', 'stack.json') },
  },
});
const stateFile = values['state-file']!;
if (!existsSync(stateFile)) {
  console.error(`sim: no stack state at ${stateFile}: start the stack first with \`npm start -- --no-sim\``);
  process.exit(1);
}
const state = JSON.parse(readFileSync(stateFile, 'utf8'));
if (!state.deployment?.local) {
  console.error('sim: the stack indexes an existing deployment (--factory); the simulator needs the local one it deploys');
  process.exit(1);
}
const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
const stats = await runSimulation({
  rpcUrl: state.rpcUrl,
  deployment: state.deployment.local,
  seed: Number(values.seed),
  steps: values.steps === undefined ? undefined : Number(values.steps),
  paceMs: Number(values.pace),
  signal: controller.signal,
  onStatus: (line) => console.log(line),
});
console.log(`sim: done — ${JSON.stringify(stats, (_, v) => (typeof v === 'bigint' ? v.toString() : v))}`);
