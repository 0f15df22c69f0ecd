// `npm run subgraph:create-local` / `subgraph:deploy-local`: options, config
// checks and error messages, graph-cli's arguments; `create` runs the real
// graph-cli against a fake graph-node admin JSON-RPC server. (A real deploy
// needs graph-node and IPFS, i.e. docker compose; not run here.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { AddressInfo } from 'node:net';
import { freePort, StartupError } from '../src/ports.ts';
import { repoRoot } from '../src/paths.ts';
import {
  checkGraphNodeAdmin,
  checkIpfs,
  createSubgraph,
  defaultVersionLabel,
  deploySubgraph,
  graphCliError,
  loadNetworkConfig,
  missingManifestFiles,
  parseDeployArgs,
  runGraphCli,
  safeUrl,
  validateSubgraphName,
  withEnvFile,
  type DeployDeps,
  type DeployOptions,
} from '../src/subgraph-deploy.ts';

const run = promisify(execFile);
const FACTORY = '0x00000000000000000000000000000000000000aa';

function rejectsWith(fn: () => unknown, part: string, message: RegExp, hint?: RegExp) {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof StartupError, `expected a StartupError, got ${String(err)}`);
    assert.equal(err.part, part);
    assert.match(err.message, message);
    if (hint) assert.match(err.hint, hint);
    return true;
  });
}

function configDir(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pvp-netcfg-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  return dir;
}

async function listen(handler: (req: IncomingMessage, body: string) => { status: number; body: unknown }): Promise<{ url: string; server: Server; requests: Array<{ method?: string; url?: string; body: string }> }> {
  const requests: Array<{ method?: string; url?: string; body: string }> = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      requests.push({ method: req.method, url: req.url, body });
      const out = handler(req, body);
      res.writeHead(out.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(out.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, requests };
}

test('defaults: network mainnet, name pvp-amm, the compose ports on 127.0.0.1', () => {
  assert.deepEqual(parseDeployArgs(['deploy'], {}), {
    command: 'deploy',
    network: 'mainnet',
    name: 'pvp-amm',
    nodeUrl: 'http://127.0.0.1:8020',
    ipfsUrl: 'http://127.0.0.1:5001',
    versionLabel: undefined,
  });
  assert.equal(parseDeployArgs(['--help'], {}), 'help');
  assert.equal(parseDeployArgs(['create', '-h'], {}), 'help');
});

test('the environment sets the options (published ports too), flags win over it', () => {
  const env = { NETWORK: 'arbitrum-one', SUBGRAPH_NAME: 'team/pvp', GRAPH_NODE_ADMIN_PORT: '18020', IPFS_API_PORT: '15001', VERSION_LABEL: 'v1' };
  const fromEnv = parseDeployArgs(['deploy'], env);
  assert.ok(fromEnv !== 'help');
  assert.equal(fromEnv.network, 'arbitrum-one');
  assert.equal(fromEnv.name, 'team/pvp');
  assert.equal(fromEnv.nodeUrl, 'http://127.0.0.1:18020');
  assert.equal(fromEnv.ipfsUrl, 'http://127.0.0.1:15001');
  assert.equal(fromEnv.versionLabel, 'v1');

  const urls = parseDeployArgs(['create'], { ...env, GRAPH_NODE_ADMIN_URL: 'http://graph:8020/', IPFS_URL: 'http://ipfs:5001' });
  assert.ok(urls !== 'help');
  assert.equal(urls.nodeUrl, 'http://graph:8020', 'a trailing slash is dropped');
  assert.equal(urls.ipfsUrl, 'http://ipfs:5001');

  const flags = parseDeployArgs(['deploy', '--network', 'bsc', '--name', 'other', '--node', 'http://n:1', '--ipfs', 'https://i:2', '--version-label', 'v2'], env);
  assert.ok(flags !== 'help');
  assert.deepEqual([flags.network, flags.name, flags.nodeUrl, flags.ipfsUrl, flags.versionLabel], ['bsc', 'other', 'http://n:1', 'https://i:2', 'v2']);
});

test('bad options are named with what to do', () => {
  rejectsWith(() => parseDeployArgs([], {}), 'options', /no command given/, /create.*deploy/);
  rejectsWith(() => parseDeployArgs(['publish'], {}), 'options', /unknown command "publish"/, /create.*deploy/);
  rejectsWith(() => parseDeployArgs(['deploy', 'extra'], {}), 'options', /unexpected argument "extra"/);
  rejectsWith(() => parseDeployArgs(['deploy', '--bogus'], {}), 'options', /bogus/, /--help/);
  rejectsWith(() => parseDeployArgs(['deploy', '--name', 'has space'], {}), 'options', /subgraph name "has space" may contain only/, /--name or SUBGRAPH_NAME/);
  rejectsWith(() => parseDeployArgs(['deploy'], { SUBGRAPH_NAME: 'a//b' }), 'options', /empty part/);
  rejectsWith(() => parseDeployArgs(['deploy', '--node', 'localhost:8020'], {}), 'options', /graph-node admin URL must be http\(s\)|is not a URL/, /--node/);
  rejectsWith(() => parseDeployArgs(['deploy', '--ipfs', 'not a url'], {}), 'options', /IPFS URL "not a url" is not a URL/, /IPFS_URL/);
  rejectsWith(() => parseDeployArgs(['deploy'], { GRAPH_NODE_ADMIN_PORT: 'x' }), 'options', /GRAPH_NODE_ADMIN_PORT must be a port number/);
  rejectsWith(() => parseDeployArgs(['create', '--version-label', 'v1'], {}), 'options', /--version-label is for deploy/);
  rejectsWith(() => parseDeployArgs(['deploy', '--version-label', 'v 1'], {}), 'options', /must not be empty or contain spaces/);
  rejectsWith(() => parseDeployArgs(['deploy', '--network', '../etc'], {}), 'options', /network name "..\/etc" is not valid/);
});

test('subgraph names follow graph-node\'s rules', () => {
  for (const ok of ['pvp-amm', 'team/pvp_amm', 'a', 'v2']) assert.equal(validateSubgraphName(ok), undefined, ok);
  for (const bad of ['', '-pvp', 'pvp-', 'a/graphql', '123', 'a b', 'x'.repeat(256)]) assert.ok(validateSubgraphName(bad), `"${bad}" should be rejected`);
});

test('.env fills in what the environment does not set', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pvp-envfile-'));
  const file = join(dir, '.env');
  writeFileSync(file, '# comment\nNETWORK=bsc\nSUBGRAPH_NAME=from-file\nGRAPH_NODE_ADMIN_PORT=18020\n');
  const env = withEnvFile({ SUBGRAPH_NAME: 'from-env' }, file);
  assert.equal(env.NETWORK, 'bsc');
  assert.equal(env.SUBGRAPH_NAME, 'from-env');
  assert.equal(env.GRAPH_NODE_ADMIN_PORT, '18020');
  assert.deepEqual(withEnvFile({ A: '1' }, join(dir, 'missing.env')), { A: '1' });
});

test('network config: a missing file says how to write it and lists the existing ones', () => {
  const dir = configDir({ 'bsc.json': { network: 'bsc', factoryAddress: FACTORY, startBlock: 1 }, 'README.md': 'x' });
  rejectsWith(() => loadNetworkConfig('mainnet', dir), 'network config', /mainnet\.json does not exist/, /"network": "mainnet", "factoryAddress".*"startBlock".*--network \/ NETWORK: bsc$/);
  rejectsWith(() => loadNetworkConfig('mainnet', join(dir, 'nothing-here')), 'network config', /does not exist/, /factoryAddress/);
});

test('network config: contents are checked field by field', () => {
  const dir = configDir({
    'broken.json': '{ "network": ',
    'wrong.json': { network: 'other', factoryAddress: '0x1234', startBlock: -1 },
    'ok.json': { network: 'ok', factoryAddress: FACTORY, startBlock: 42 },
  });
  rejectsWith(() => loadNetworkConfig('broken', dir), 'network config', /broken\.json is not valid JSON/, /format/);
  rejectsWith(() => loadNetworkConfig('wrong', dir), 'network config', /"network" must be "wrong".*"factoryAddress" must be.*"startBlock" must be/);
  assert.deepEqual(loadNetworkConfig('ok', dir), { network: 'ok', factoryAddress: FACTORY, startBlock: 42 });
});

test('files the manifest needs are found missing (ABIs before forge build)', () => {
  const manifest = `schema:\n  file: ${repoRoot}/schema.graphql\nabis:\n  - name: X\n    file: ${repoRoot}/contracts/out/Nope.sol/Nope.json\n      file: "${repoRoot}/nope.ts"\n`;
  assert.deepEqual(missingManifestFiles(manifest), [`${repoRoot}/contracts/out/Nope.sol/Nope.json`, `${repoRoot}/nope.ts`]);
});

test('an unreachable graph-node admin or IPFS is named, with what to start', async () => {
  const port = await freePort();
  await assert.rejects(checkGraphNodeAdmin(`http://127.0.0.1:${port}`), (err: unknown) => {
    assert.ok(err instanceof StartupError);
    assert.equal(err.part, 'graph-node admin');
    assert.match(err.message, new RegExp(`cannot reach http://127.0.0.1:${port} \\(ECONNREFUSED\\)`));
    assert.match(err.hint, /docker compose up -d/);
    assert.match(err.hint, /GRAPH_NODE_ADMIN_URL/);
    return true;
  });
  await assert.rejects(checkIpfs(`http://127.0.0.1:${port}`), (err: unknown) => {
    assert.ok(err instanceof StartupError);
    assert.equal(err.part, 'ipfs');
    assert.match(err.message, /cannot reach the IPFS API/);
    assert.match(err.hint, /IPFS_URL/);
    return true;
  });
  const gateway = await listen(() => ({ status: 404, body: 'no' }));
  try {
    await assert.rejects(checkIpfs(gateway.url), /HTTP 404 to \/api\/v0\/version: not an IPFS RPC API/);
    await checkGraphNodeAdmin(gateway.url); // any HTTP answer means graph-node is up
  } finally {
    gateway.server.close();
  }
  const kubo = await listen(() => ({ status: 200, body: { Version: '0.32.1' } }));
  try {
    await checkIpfs(kubo.url);
    assert.equal(kubo.requests[0]?.method, 'POST');
    assert.equal(kubo.requests[0]?.url, '/api/v0/version');
  } finally {
    kubo.server.close();
  }
});

test('passwords in URLs are not printed', () => {
  assert.equal(safeUrl('http://user:secret@host:8020/'), 'http://user:***@host:8020');
});

test('create: the real graph-cli sends subgraph_create with the name to the admin URL', async () => {
  const admin = await listen((_req, body) => {
    const rpc = JSON.parse(body) as { id: number; method: string };
    return { status: 200, body: rpc.method === 'subgraph_create' ? { jsonrpc: '2.0', id: rpc.id, result: { id: 'c0ffee' } } : { jsonrpc: '2.0', id: rpc.id, error: { code: -32601, message: 'Method not found' } } };
  });
  const lines: string[] = [];
  try {
    const opts = parseDeployArgs(['create', '--node', admin.url, '--name', 'team/pvp-amm'], {}) as DeployOptions;
    await createSubgraph(opts, { ...deps(), runGraph: (args) => runGraphCli(args, () => {}), checkAdmin: checkGraphNodeAdmin, log: (l) => lines.push(l) });
  } finally {
    admin.server.close();
  }
  const calls = admin.requests.map((r) => JSON.parse(r.body) as { method: string; params: unknown });
  const create = calls.find((c) => c.method === 'subgraph_create');
  assert.ok(create, `graph-cli did not call subgraph_create; got ${JSON.stringify(calls)}`);
  assert.deepEqual(create.params, { name: 'team/pvp-amm' });
  assert.match(lines.join('\n'), /"team\/pvp-amm" is registered/);
});

test('create: a JSON-RPC error from graph-node fails with its message', async () => {
  const admin = await listen((_req, body) => {
    const rpc = JSON.parse(body) as { id: number };
    return { status: 200, body: { jsonrpc: '2.0', id: rpc.id, error: { code: -32000, message: 'store error: database unavailable' } } };
  });
  try {
    const opts = parseDeployArgs(['create', '--node', admin.url], {}) as DeployOptions;
    await assert.rejects(createSubgraph(opts, { ...deps(), runGraph: (args) => runGraphCli(args, () => {}), checkAdmin: checkGraphNodeAdmin }), (err: unknown) => {
      assert.ok(err instanceof StartupError);
      assert.equal(err.part, 'graph create');
      assert.match(err.message, /database unavailable/);
      assert.doesNotMatch(err.message, /^\s+at /m, 'no stack trace');
      return true;
    });
  } finally {
    admin.server.close();
  }
});

function deps(overrides: Partial<DeployDeps> = {}): DeployDeps & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    calls,
    runGraph: async (args) => {
      calls.push(args);
      return { code: 0, output: 'Deployed' };
    },
    build: async (config) => {
      calls.push(['build', config.network, config.factoryAddress, String(config.startBlock)]);
      return { manifest: '/builds/abc/subgraph.yaml', buildHash: 'abc' };
    },
    checkAdmin: async () => {},
    checkIpfs: async () => {},
    missingFiles: () => [],
    log: () => {},
    configDir: configDir({ 'bsc.json': { network: 'bsc', factoryAddress: FACTORY, startBlock: 7 } }),
    versionLabel: () => 'label-1',
    ...overrides,
  };
}

test('deploy: builds the network config, then graph deploy with node, IPFS, label, name and manifest', async () => {
  const d = deps();
  const opts = parseDeployArgs(['deploy', '--network', 'bsc', '--node', 'http://gn:8020', '--ipfs', 'http://ipfs:5001'], {}) as DeployOptions;
  const result = await deploySubgraph(opts, d);
  assert.deepEqual(d.calls, [
    ['build', 'bsc', FACTORY, '7'],
    ['deploy', '--node', 'http://gn:8020', '--ipfs', 'http://ipfs:5001', '--version-label', 'label-1', '--output-dir', '/builds/abc/build', 'pvp-amm', '/builds/abc/subgraph.yaml'],
  ]);
  assert.deepEqual(result, { manifest: '/builds/abc/subgraph.yaml', versionLabel: 'label-1' });
  const labelled = deps();
  await deploySubgraph({ ...opts, versionLabel: 'v9' }, labelled);
  assert.equal(labelled.calls[1]?.[6], 'v9');
});

test('deploy: nothing is built when graph-node, IPFS or the ABIs are missing', async () => {
  const opts = parseDeployArgs(['deploy', '--network', 'bsc'], {}) as DeployOptions;
  const down = deps({ checkAdmin: async () => { throw new StartupError('graph-node admin', 'cannot reach', 'start it'); } });
  await assert.rejects(deploySubgraph(opts, down), /graph-node admin: cannot reach/);
  assert.deepEqual(down.calls, []);
  const noIpfs = deps({ checkIpfs: async () => { throw new StartupError('ipfs', 'cannot reach', 'start it'); } });
  await assert.rejects(deploySubgraph(opts, noIpfs), /ipfs: cannot reach/);
  assert.deepEqual(noIpfs.calls, []);
  const unbuilt = deps({ missingFiles: () => [join(repoRoot, 'contracts/out/PvpPool.sol/PvpPool.json')] });
  await assert.rejects(deploySubgraph(opts, unbuilt), (err: unknown) => {
    assert.ok(err instanceof StartupError);
    assert.match(err.message, /contracts\/out\/PvpPool\.sol\/PvpPool\.json/);
    assert.match(err.hint, /npm run build -w contracts/);
    return true;
  });
  assert.deepEqual(unbuilt.calls, []);
  await assert.rejects(deploySubgraph({ ...opts, network: 'mainnet' }, deps()), /mainnet\.json does not exist/);
});

test('deploy: graph-node\'s refusals become hints', async () => {
  const opts = parseDeployArgs(['deploy', '--network', 'bsc'], {}) as DeployOptions;
  const notCreated = deps({ runGraph: async () => ({ code: 1, output: '✖ Failed to deploy to Graph node http://127.0.0.1:8020/: subgraph name not found: pvp-amm\n    at Object.exit (node_modules/x.js:1:1)' }) });
  await assert.rejects(deploySubgraph(opts, notCreated), (err: unknown) => {
    assert.ok(err instanceof StartupError);
    assert.match(err.message, /subgraph name not found/);
    assert.doesNotMatch(err.message, /at Object\.exit/);
    assert.match(err.hint, /npm run subgraph:create-local/);
    return true;
  });
  const wrongNetwork = graphCliError('deploy', opts, { code: 1, output: '✖ Failed to deploy: subgraph validation error: [network not supported by registrar: no network bsc found on chain ethereum]' });
  assert.match(wrongNetwork.hint, /NETWORK=bsc/);
  const other = graphCliError('deploy', opts, { code: 2, output: 'something odd' });
  assert.match(other.message, /exited with code 2:\nsomething odd/);
});

test('the default version label is the git commit (or "local") and a UTC time', () => {
  assert.match(defaultVersionLabel(new Date('2026-01-02T03:04:05Z')), /^([0-9a-f]+|local)-20260102-030405$/);
});

test('the CLI prints the problem and the fix, exits 1, and shows no stack trace', async () => {
  const cli = join(repoRoot, 'stack/src/subgraph-deploy.ts');
  const err = await run(process.execPath, ['--import', 'tsx', cli, 'deploy', '--network', 'no-such-net-cfg'], { cwd: repoRoot }).then(
    () => assert.fail('expected exit 1'),
    (e: { code: number; stderr: string }) => e,
  );
  assert.equal(err.code, 1);
  assert.match(err.stderr, /subgraph deploy: network config: subgraph\/config\/no-such-net-cfg\.json does not exist/);
  assert.match(err.stderr, /→ create it as/);
  assert.doesNotMatch(err.stderr, /^\s+at /m);
  const help = await run(process.execPath, ['--import', 'tsx', cli, '--help'], { cwd: repoRoot });
  assert.match(help.stdout, /subgraph:deploy-local/);
});
