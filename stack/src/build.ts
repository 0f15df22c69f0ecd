// Builds what the stack runs from source: contracts (forge + typed
// artifacts) and dashboards (vite). Each is incremental and quick when
// nothing changed.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { bin, contractsDir, dashboardsDir } from './paths.ts';
import { StartupError } from './ports.ts';

const run = promisify(execFile);

async function step(part: string, cmd: string, args: string[], cwd: string, hint: string) {
  try {
    await run(cmd, args, { cwd, maxBuffer: 64 * 1024 * 1024 });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new StartupError(part, `build failed:\n${((e.stdout ?? '') + (e.stderr ?? '')).trim().slice(-4000) || e.message}`, hint);
  }
}

let contractsBuild: Promise<void> | undefined;

/** forge build and the typed artifacts; once per process (the CLI builds before it loads the stack). */
export function buildContracts(log: (l: string) => void = () => {}): Promise<void> {
  contractsBuild ??= (async () => {
    log('contracts: forge build');
    await step('contracts', bin('forge'), ['build'], contractsDir, 'fix the Solidity error above; `npm run build -w contracts` reproduces it');
    await step('contracts', bin('tsx'), ['scripts/export-artifacts.ts'], contractsDir, 'run `npm run build -w contracts`');
  })();
  // A failed build may be retried by a later call.
  contractsBuild.catch(() => (contractsBuild = undefined));
  return contractsBuild;
}

export async function buildDashboards(log: (l: string) => void = () => {}) {
  log('dashboards: vite build');
  await step('dashboards', bin('vite'), ['build', '--logLevel', 'warn'], dashboardsDir, 'fix the error above; `npm run build -w dashboards` reproduces it');
}
