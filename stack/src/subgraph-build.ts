// Renders the subgraph manifest for one network and builds it with graph-cli.
// The build lands in subgraph/.builds/<hash>/ (graph-cli wants node_modules
// above the manifest, so it stays inside the repo). gnd names a deployment
// after its manifest path, and the hash covers the build and the chain's
// start block hash, so a changed subgraph or a different chain becomes a new
// deployment instead of reusing stale tables.
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { bin, repoRoot, subgraphDir } from './paths.ts';
import { StartupError } from './ports.ts';

const run = promisify(execFile);

/** Per-network settings rendered into the manifest (committed for public networks, written by the stack for anvil). */
export interface NetworkConfig {
  network: string;
  factoryAddress: string;
  startBlock: number;
}

export const buildsDir = join(subgraphDir, '.builds');

export function writeNetworkConfig(config: NetworkConfig): string {
  mkdirSync(join(subgraphDir, 'config'), { recursive: true });
  const file = join(subgraphDir, 'config', `${config.network}.json`);
  writeFileSync(file, JSON.stringify(config, null, 2) + '\n');
  return file;
}

export function renderManifest(config: NetworkConfig): string {
  const template = readFileSync(join(subgraphDir, 'subgraph.template.yaml'), 'utf8');
  const values: Record<string, string> = {
    network: config.network,
    factoryAddress: config.factoryAddress,
    startBlock: String(config.startBlock),
    root: repoRoot,
  };
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`subgraph.template.yaml: unknown placeholder {{${key}}}`);
    return value;
  });
}

function hashDir(dir: string, hash = createHash('sha256'), root = dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) hashDir(path, hash, root);
    else hash.update(relative(root, path)).update(readFileSync(path));
  }
  return hash;
}

export interface BuiltSubgraph {
  /** The manifest to give gnd (its build/ sits beside it). */
  manifest: string;
  /** Short content hash of the build, part of the deployment's name in gnd. */
  buildHash: string;
}

/**
 * `graph codegen` + `graph build` for the network; returns the built manifest for gnd. `render` makes the
 * manifest text (default: the template for `config`; the gnd tests add a test-only data source to it).
 */
export async function buildSubgraph(
  config: NetworkConfig,
  chainIdentity: string,
  log: (l: string) => void = () => {},
  render: (config: NetworkConfig) => string = renderManifest,
): Promise<BuiltSubgraph> {
  const workDir = join(buildsDir, `work-${process.pid}-${Date.now()}`);
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const manifest = join(workDir, 'subgraph.yaml');
  writeFileSync(manifest, render(config));
  const graph = bin('graph');
  try {
    log('subgraph: graph codegen');
    await run(graph, ['codegen', manifest, '--output-dir', join(subgraphDir, 'generated')], { cwd: subgraphDir });
    log('subgraph: graph build');
    await run(graph, ['build', manifest, '--output-dir', join(workDir, 'build')], { cwd: subgraphDir });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new StartupError('subgraph build', `graph-cli failed:\n${(e.stdout ?? '') + (e.stderr ?? '') || e.message}`, 'fix the mapping or schema error above; `npm run build -w subgraph` reproduces it');
  }
  const buildHash = hashDir(join(workDir, 'build')).update(chainIdentity).digest('hex').slice(0, 16);
  const finalDir = join(buildsDir, buildHash);
  if (existsSync(finalDir)) rmSync(workDir, { recursive: true, force: true });
  else renameSync(workDir, finalDir);
  return { manifest: join(finalDir, 'subgraph.yaml'), buildHash };
}
