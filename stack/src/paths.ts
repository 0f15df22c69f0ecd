// Where everything lives in the repository, so no module guesses a path.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const contractsDir = join(repoRoot, 'contracts');
export const subgraphDir = join(repoRoot, 'subgraph');
export const dashboardsDir = join(repoRoot, 'dashboards');
export const binDir = join(repoRoot, 'node_modules', '.bin');
/** Default data folder of `npm start` (git-ignored); `--fresh` wipes it. */
export const defaultDataDir = join(repoRoot, '.data');

export function bin(name: string): string {
  return join(binDir, name);
}
