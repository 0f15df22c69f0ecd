// `npm run subgraph:create-local` / `npm run subgraph:deploy-local`: register
// the subgraph name in a (self-hosted, e.g. docker-compose.yml) graph-node and
// deploy the subgraph to it through its admin JSON-RPC and IPFS, with
// graph-cli. The manifest is rendered from subgraph/config/<network>.json and
// built by buildSubgraph (subgraph-build.ts), like `npm start` does.
//
// Settings (flags win over the environment, which wins over the repository's
// .env, the file docker compose reads): NETWORK, SUBGRAPH_NAME,
// GRAPH_NODE_ADMIN_URL, IPFS_URL, VERSION_LABEL. See --help.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, parseEnv } from 'node:util';
import { bin, repoRoot, subgraphDir } from './paths.ts';
import { StartupError } from './ports.ts';
import { buildSubgraph, renderManifest, type BuiltSubgraph, type NetworkConfig } from './subgraph-build.ts';

export const DEFAULT_SUBGRAPH_NAME = 'pvp-amm';
export const DEFAULT_NETWORK = 'mainnet';
export const networkConfigDir = join(subgraphDir, 'config');

export const HELP = `Usage: npm run subgraph:create-local [-- options]
       npm run subgraph:deploy-local [-- options]
       (tsx stack/src/subgraph-deploy.ts create|deploy [options])

create  registers the subgraph name in graph-node (harmless if it exists).
deploy  renders the manifest from subgraph/config/<network>.json, builds it,
        uploads it to IPFS and deploys it under the name as a new version.

Options (environment variable in brackets; .env in the repository is read too):
  --network NAME         network config subgraph/config/NAME.json [NETWORK] (default: ${DEFAULT_NETWORK})
  --name NAME            subgraph name in graph-node [SUBGRAPH_NAME] (default: ${DEFAULT_SUBGRAPH_NAME})
  --node URL             graph-node admin JSON-RPC [GRAPH_NODE_ADMIN_URL]
                         (default: http://127.0.0.1:$GRAPH_NODE_ADMIN_PORT, i.e. :8020)
  --ipfs URL             IPFS RPC API [IPFS_URL] (default: http://127.0.0.1:$IPFS_API_PORT, i.e. :5001)
  --version-label LABEL  deploy: version label [VERSION_LABEL] (default: git commit and time)
  -h, --help             this text`;

export type Command = 'create' | 'deploy';

export interface DeployOptions {
  command: Command;
  network: string;
  name: string;
  nodeUrl: string;
  ipfsUrl: string;
  /** Only for deploy; undefined means "derive one". */
  versionLabel?: string;
}

const usageHint = 'see `npm run subgraph:deploy-local -- --help`';

/** Same rules as graph-node's SubgraphName::new. */
export function validateSubgraphName(name: string): string | undefined {
  if (name.length === 0 || name.length > 255) return 'must be 1 to 255 characters long';
  if (!/^[A-Za-z0-9_/-]+$/.test(name)) return 'may contain only letters, digits, "-", "_" and "/"';
  for (const part of name.split('/')) {
    if (!part) return 'has an empty part between slashes';
    if (!/^[A-Za-z0-9].*[A-Za-z0-9]$|^[A-Za-z0-9]$/.test(part)) return `part "${part}" must start and end with a letter or digit`;
    if (!/[A-Za-z]/.test(part)) return `part "${part}" must contain a letter`;
    if (part === 'graphql') return 'may not have a part "graphql"';
  }
  return undefined;
}

function httpUrl(value: string, what: string, flag: string, envName: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new StartupError('options', `${what} "${value}" is not a URL`, `pass e.g. ${flag} http://127.0.0.1:${what === 'graph-node admin URL' ? 8020 : 5001} or set ${envName}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new StartupError('options', `${what} must be http(s), got "${value}"`, `pass ${flag} http://HOST:PORT or set ${envName}`);
  return value.replace(/\/+$/, '');
}

function portFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new StartupError('options', `${name} must be a port number, got "${raw}"`, 'fix it in .env or the environment');
  return n;
}

/** Parses the command line and environment; returns 'help' for -h/--help. */
export function parseDeployArgs(argv: string[], env: NodeJS.ProcessEnv): DeployOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        network: { type: 'string' },
        name: { type: 'string' },
        node: { type: 'string' },
        ipfs: { type: 'string' },
        'version-label': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    throw new StartupError('options', (err as Error).message, usageHint);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  const [command, ...extra] = positionals;
  if (command !== 'create' && command !== 'deploy') {
    throw new StartupError('options', command ? `unknown command "${command}"` : 'no command given', 'use `create` or `deploy` (npm run subgraph:create-local / subgraph:deploy-local)');
  }
  if (extra.length) throw new StartupError('options', `unexpected argument "${extra[0]}"`, usageHint);

  const network = values.network ?? (env.NETWORK || DEFAULT_NETWORK);
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(network)) throw new StartupError('options', `network name "${network}" is not valid`, 'use the name graph-node knows the chain by, e.g. --network mainnet');
  const name = values.name ?? (env.SUBGRAPH_NAME || DEFAULT_SUBGRAPH_NAME);
  const nameProblem = validateSubgraphName(name);
  if (nameProblem) throw new StartupError('options', `subgraph name "${name}" ${nameProblem}`, 'pick another name with --name or SUBGRAPH_NAME (e.g. pvp-amm or team/pvp-amm)');
  const nodeUrl = httpUrl(values.node ?? (env.GRAPH_NODE_ADMIN_URL || `http://127.0.0.1:${portFromEnv(env, 'GRAPH_NODE_ADMIN_PORT', 8020)}`), 'graph-node admin URL', '--node', 'GRAPH_NODE_ADMIN_URL');
  const ipfsUrl = httpUrl(values.ipfs ?? (env.IPFS_URL || `http://127.0.0.1:${portFromEnv(env, 'IPFS_API_PORT', 5001)}`), 'IPFS URL', '--ipfs', 'IPFS_URL');
  const versionLabel = values['version-label'] ?? (env.VERSION_LABEL || undefined);
  if (command === 'create' && values['version-label'] !== undefined) throw new StartupError('options', '--version-label is for deploy', usageHint);
  if (versionLabel !== undefined && !/^\S+$/.test(versionLabel)) throw new StartupError('options', `version label "${versionLabel}" must not be empty or contain spaces`, 'e.g. --version-label v1.2.0');
  return { command, network, name, nodeUrl, ipfsUrl, versionLabel };
}

/** The environment with the variables of an .env file added (set ones win). */
export function withEnvFile(env: NodeJS.ProcessEnv, file: string): NodeJS.ProcessEnv {
  if (!existsSync(file)) return env;
  const fromFile = parseEnv(readFileSync(file, 'utf8'));
  const merged: NodeJS.ProcessEnv = { ...fromFile };
  for (const [k, v] of Object.entries(env)) if (v !== undefined) merged[k] = v;
  return merged;
}

/** Reads and checks subgraph/config/<network>.json. */
export function loadNetworkConfig(network: string, dir = networkConfigDir): NetworkConfig {
  const file = join(dir, `${network}.json`);
  const shown = relative(repoRoot, file) || file;
  if (!existsSync(file)) {
    const available = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)) : [];
    throw new StartupError(
      'network config',
      `${shown} does not exist`,
      `create it as { "network": "${network}", "factoryAddress": "0x…", "startBlock": N } (the PvpPoolFactory address and the block it was deployed in; see subgraph/config/README.md)` +
        (available.length ? `, or pick an existing one with --network / NETWORK: ${available.join(', ')}` : ''),
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new StartupError('network config', `${shown} is not valid JSON: ${(err as Error).message}`, 'fix the file; format: { "network": "...", "factoryAddress": "0x...", "startBlock": N }');
  }
  const c = raw as Partial<Record<keyof NetworkConfig, unknown>>;
  const problems: string[] = [];
  if (typeof c !== 'object' || c === null) problems.push('must be a JSON object');
  else {
    if (c.network !== network) problems.push(`"network" must be "${network}" (the file name and graph-node's chain name), got ${JSON.stringify(c.network)}`);
    if (typeof c.factoryAddress !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(c.factoryAddress)) problems.push(`"factoryAddress" must be a 0x-prefixed 20-byte hex address, got ${JSON.stringify(c.factoryAddress)}`);
    if (typeof c.startBlock !== 'number' || !Number.isInteger(c.startBlock) || c.startBlock < 0) problems.push(`"startBlock" must be a block number (integer >= 0), got ${JSON.stringify(c.startBlock)}`);
  }
  if (problems.length) throw new StartupError('network config', `${shown}: ${problems.join('; ')}`, 'fix the file; format: { "network": "...", "factoryAddress": "0x...", "startBlock": N }');
  return { network: c.network as string, factoryAddress: c.factoryAddress as string, startBlock: c.startBlock as number };
}

/** Files the rendered manifest refers to that do not exist (ABIs before `forge build`). */
export function missingManifestFiles(manifest: string): string[] {
  const files = [...manifest.matchAll(/^\s*file:\s*"?([^"\n]+?)"?\s*$/gm)].map((m) => m[1]!);
  return [...new Set(files)].filter((f) => !existsSync(f));
}

/** Hides a password in a URL before printing it. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}

function causeOf(err: unknown): string {
  const e = err as { cause?: { code?: string; message?: string }; name?: string; message?: string };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return 'no answer within 5 s';
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err);
}

/** graph-node's admin server answers JSON-RPC on POST /; any HTTP answer means it is up. */
export async function checkGraphNodeAdmin(nodeUrl: string, timeoutMs = 5000): Promise<void> {
  try {
    await fetch(nodeUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'pvp_ping', params: [] }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw new StartupError(
      'graph-node admin',
      `cannot reach ${safeUrl(nodeUrl)} (${causeOf(err)})`,
      'start graph-node (`docker compose up -d`; `docker compose ps` shows whether it is healthy, `docker compose logs graph-node` why not), or point --node / GRAPH_NODE_ADMIN_URL at its admin port (8020)',
    );
  }
}

/** The IPFS RPC API (kubo, port 5001) answers POST /api/v0/version. */
export async function checkIpfs(ipfsUrl: string, timeoutMs = 5000): Promise<void> {
  let res: Response;
  try {
    res = await fetch(`${ipfsUrl}/api/v0/version`, { method: 'POST', signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    throw new StartupError(
      'ipfs',
      `cannot reach the IPFS API at ${safeUrl(ipfsUrl)} (${causeOf(err)})`,
      'start it (`docker compose up -d ipfs`), or point --ipfs / IPFS_URL at the IPFS RPC API (kubo, port 5001)',
    );
  }
  if (!res.ok) {
    throw new StartupError('ipfs', `${safeUrl(ipfsUrl)} answered HTTP ${res.status} to /api/v0/version: not an IPFS RPC API`, 'use the RPC API address (kubo port 5001), not a gateway (8080)');
  }
}

export interface GraphCliResult {
  code: number;
  output: string;
}

/** Runs graph-cli, echoing its output, and returns exit code and output. */
export function runGraphCli(args: string[], echo: (chunk: string) => void = (c) => process.stdout.write(c)): Promise<GraphCliResult> {
  return new Promise((resolvePromise) => {
    const child = spawn(bin('graph'), args, { cwd: subgraphDir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
    let output = '';
    const onData = (b: Buffer) => {
      const s = b.toString();
      output += s;
      echo(s);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', (err) => resolvePromise({ code: -1, output: output + `\n${err.message}` }));
    child.once('close', (code) => resolvePromise({ code: code ?? -1, output }));
  });
}

export function defaultVersionLabel(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    if (/^[0-9a-f]+$/.test(sha)) return `${sha}-${stamp}`;
  } catch {
    // not a git checkout (e.g. a release tarball)
  }
  return `local-${stamp}`;
}

export interface DeployDeps {
  runGraph: (args: string[]) => Promise<GraphCliResult>;
  build: (config: NetworkConfig, chainIdentity: string, log: (l: string) => void) => Promise<BuiltSubgraph>;
  checkAdmin: (url: string) => Promise<void>;
  checkIpfs: (url: string) => Promise<void>;
  /** Files the rendered manifest refers to that are missing. */
  missingFiles: (manifest: string) => string[];
  log: (line: string) => void;
  configDir: string;
  versionLabel: () => string;
}

export const defaultDeps: DeployDeps = {
  runGraph: (args) => runGraphCli(args),
  build: buildSubgraph,
  checkAdmin: checkGraphNodeAdmin,
  checkIpfs,
  missingFiles: missingManifestFiles,
  log: (line) => console.log(`[subgraph] ${line}`),
  configDir: networkConfigDir,
  versionLabel: () => defaultVersionLabel(),
};

/** Turns graph-cli's output into an error that says what to do. */
export function graphCliError(step: Command, opts: DeployOptions, result: GraphCliResult): StartupError {
  const out = result.output.replace(/\u001b\[[0-9;]*m/g, '').trim();
  const lines = out.split('\n').filter((l) => !/^\s+at |EEXIT|^\s*[{}]|^\s*(code|oclif|skipOclifErrorHandling|suggestions):|^Node\.js v|node_modules/.test(l));
  const marked = lines.filter((l) => l.includes('✖'));
  const last = (marked.length ? marked : lines.filter((l) => /error|failed/i.test(l))).slice(-3).join('\n') || lines.slice(-5).join('\n');
  if (/subgraph name not found|subgraph.*not found/i.test(out)) {
    return new StartupError(`graph ${step}`, `graph-node does not know the subgraph name "${opts.name}":\n${last}`, 'register it first: `npm run subgraph:create-local` (with the same --name / SUBGRAPH_NAME)');
  }
  if (/network.*not supported|not supported.*network|unknown network|no network|network .* not found/i.test(out)) {
    return new StartupError(`graph ${step}`, `graph-node does not index network "${opts.network}":\n${last}`, `set NETWORK=${opts.network} for graph-node too (its \`ethereum\` setting is NETWORK:RPC_URL in docker-compose.yml) and restart it, or deploy another network config`);
  }
  if (/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|socket hang up/i.test(out)) {
    return new StartupError(`graph ${step}`, `graph-cli could not connect:\n${last}`, `check that graph-node (${safeUrl(opts.nodeUrl)}) and IPFS (${safeUrl(opts.ipfsUrl)}) are running and reachable`);
  }
  return new StartupError(`graph ${step}`, `graph-cli exited with code ${result.code}:\n${last}`, 'read the graph-cli output above; graph-node\'s log (`docker compose logs graph-node`) has its side');
}

export async function createSubgraph(opts: DeployOptions, deps: DeployDeps = defaultDeps): Promise<void> {
  await deps.checkAdmin(opts.nodeUrl);
  deps.log(`creating "${opts.name}" in graph-node at ${safeUrl(opts.nodeUrl)}`);
  const result = await deps.runGraph(['create', '--node', opts.nodeUrl, opts.name]);
  if (result.code !== 0) throw graphCliError('create', opts, result);
  deps.log(`"${opts.name}" is registered; deploy with \`npm run subgraph:deploy-local\``);
}

export async function deploySubgraph(opts: DeployOptions, deps: DeployDeps = defaultDeps): Promise<{ manifest: string; versionLabel: string }> {
  const config = loadNetworkConfig(opts.network, deps.configDir);
  const missing = deps.missingFiles(renderManifest(config));
  if (missing.length) {
    const abis = missing.some((f) => f.includes(`${join('contracts', 'out')}`));
    throw new StartupError(
      'subgraph build',
      `files the manifest needs are missing:\n  ${missing.map((f) => relative(repoRoot, f)).join('\n  ')}`,
      abis ? 'build the contracts first: `npm run build -w contracts` (forge writes the ABIs to contracts/out)' : 'restore them; subgraph/subgraph.template.yaml lists what the manifest uses',
    );
  }
  await deps.checkAdmin(opts.nodeUrl);
  await deps.checkIpfs(opts.ipfsUrl);
  deps.log(`building the subgraph for "${config.network}" (factory ${config.factoryAddress} from block ${config.startBlock})`);
  const built = await deps.build(config, `deploy:${config.network}:${config.factoryAddress}:${config.startBlock}`, deps.log);
  const versionLabel = opts.versionLabel ?? deps.versionLabel();
  deps.log(`deploying "${opts.name}" version ${versionLabel} to ${safeUrl(opts.nodeUrl)} via IPFS ${safeUrl(opts.ipfsUrl)}`);
  const result = await deps.runGraph([
    'deploy',
    '--node', opts.nodeUrl,
    '--ipfs', opts.ipfsUrl,
    '--version-label', versionLabel,
    '--output-dir', join(dirname(built.manifest), 'build'),
    opts.name,
    built.manifest,
  ]);
  if (result.code !== 0) throw graphCliError('deploy', opts, result);
  deps.log(`deployed "${opts.name}" ${versionLabel}. Progress: graph-node's index-node API (port 8030), indexingStatusForPendingVersion(subgraphName: "${opts.name}"); the API's /ready answers 200 once a version is current`);
  return { manifest: built.manifest, versionLabel };
}

export async function main(argv = process.argv.slice(2), env = withEnvFile(process.env, join(repoRoot, '.env'))): Promise<number> {
  try {
    const opts = parseDeployArgs(argv, env);
    if (opts === 'help') {
      console.log(HELP);
      return 0;
    }
    if (opts.command === 'create') await createSubgraph(opts);
    else await deploySubgraph(opts);
    return 0;
  } catch (err) {
    if (err instanceof StartupError) console.error(`\nsubgraph ${argv.find((a) => a === 'create' || a === 'deploy') ?? ''}: ${err.message}`);
    else console.error(`\nsubgraph: ${(err as Error)?.message ?? String(err)}`);
    return 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  void main().then((code) => {
    process.exitCode = code;
  });
}

