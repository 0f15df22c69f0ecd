// `npm start` against a wrong RPC, a missing factory or a taken port: a clear
// message naming the part and what to do, exit code 1, nothing left running.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAnvil } from '../src/anvil.ts';
import { freePort } from '../src/ports.ts';
import { repoRoot } from '../src/paths.ts';
import type { ManagedChild } from '../src/child.ts';

function runCli(args: string[]): Promise<{ code: number | null; output: string; pid: number }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'stack/src/cli.ts'), '--data-dir', mkdtempSync(join(tmpdir(), 'pvp-cli-')), ...args], { cwd: repoRoot, env: { ...process.env, DATABASE_URL: '' } });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('exit', (code) => resolve({ code, output, pid: child.pid! }));
  });
}

let anvil: { child: ManagedChild; rpcUrl: string };
before(async () => {
  anvil = await startAnvil({ port: await freePort(), dataDir: mkdtempSync(join(tmpdir(), 'pvp-anvil-')), logDir: tmpdir() });
});
after(async () => {
  await anvil?.child.stop();
});

function assertClean(r: { code: number | null; output: string }, part: RegExp, hint: RegExp) {
  assert.equal(r.code, 1, r.output);
  assert.match(r.output, part);
  assert.match(r.output, hint);
  assert.doesNotMatch(r.output, /\n\s+at .+\(.+:\d+:\d+\)/, 'no stack trace');
}

test('an unreachable RPC', async () => {
  const r = await runCli(['--rpc', `http://127.0.0.1:${await freePort()}`, '--factory', '0x000000000000000000000000000000000000dEaD']);
  assertClean(r, /start-up failed — chain RPC: http:\/\/127\.0\.0\.1:\d+ does not answer JSON-RPC/, /running and reachable/);
});

test('an address with no factory', async () => {
  const r = await runCli(['--rpc', anvil.rpcUrl, '--factory', '0x000000000000000000000000000000000000dEaD']);
  assertClean(r, /deployment: no contract at 0x000000000000000000000000000000000000dEaD on chain 31337/, /check --factory/);
});

test('a malformed factory address', async () => {
  const r = await runCli(['--rpc', anvil.rpcUrl, '--factory', '0x1234']);
  assertClean(r, /--factory 0x1234 is not an address/, /0x-prefixed address/);
});

test('a taken port', async () => {
  const port = await freePort();
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(port, '127.0.0.1', () => r()));
  try {
    const r = await runCli(['--api-port', String(port), '--no-sim']);
    assertClean(r, new RegExp(`api: port ${port} is already in use`), /--api-port/);
  } finally {
    blocker.close();
  }
});

test('--factory without --rpc, and a bad port number', async () => {
  assertClean(await runCli(['--factory', '0x000000000000000000000000000000000000dEaD']), /--factory needs --rpc/, /add --rpc URL/);
  assertClean(await runCli(['--api-port', '99999']), /--api-port must be a port number/, /--help/);
});
