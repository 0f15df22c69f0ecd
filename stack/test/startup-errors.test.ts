// Start-up failures name the part and what to do, and leave nothing running.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StartupError, freePort } from '../src/ports.ts';
import { useExternalPostgres } from '../src/postgres.ts';
import { chainIdOf } from '../src/deployment.ts';
import { startStack, type StackPorts } from '../src/stack.ts';

async function ports(): Promise<StackPorts> {
  return {
    postgres: await freePort(),
    anvil: await freePort(),
    graphNode: { http: await freePort(), admin: await freePort(), indexNode: await freePort(), metrics: await freePort() },
    ipfs: await freePort(),
    api: await freePort(),
    dashboards: await freePort(),
  };
}

test('a taken port stops start-up with the part, the port and the flag to change', async () => {
  const p = await ports();
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(p.api, '127.0.0.1', () => r()));
  try {
    await assert.rejects(
      startStack({ dataDir: mkdtempSync(join(tmpdir(), 'pvp-ports-')), fresh: false, ports: p, network: 'anvil', blockTime: 0, log: () => {} }),
      (err: unknown) => {
        assert.ok(err instanceof StartupError);
        assert.equal(err.part, 'api');
        assert.match(err.message, new RegExp(`port ${p.api} is already in use`));
        assert.match(err.hint, /--api-port/);
        return true;
      },
    );
  } finally {
    blocker.close();
  }
});

test('an unreachable DATABASE_URL is reported as a postgres problem', async () => {
  const port = await freePort();
  await assert.rejects(useExternalPostgres(`postgresql://u:secret@127.0.0.1:${port}/graph`), (err: unknown) => {
    assert.ok(err instanceof StartupError);
    assert.equal(err.part, 'postgres');
    assert.doesNotMatch(err.message, /secret/, 'the password must not be printed');
    return true;
  });
});

test('a dead chain RPC is reported as such', async () => {
  const port = await freePort();
  await assert.rejects(chainIdOf(`http://127.0.0.1:${port}`), (err: unknown) => {
    assert.ok(err instanceof StartupError);
    assert.equal(err.part, 'chain RPC');
    assert.match(err.hint, /running and reachable/);
    return true;
  });
});

test('freePort: distinct, bindable ports below the ephemeral range (outgoing connections cannot take them)', async () => {
  const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
  const ports: number[] = [];
  for (let i = 0; i < 20; i++) ports.push(await freePort());
  assert.equal(new Set(ports).size, ports.length, 'no port handed out twice');
  for (const p of ports) assert.ok(p >= 10_000 && p < low!, `port ${p} is below the ephemeral range starting at ${low}`);
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen({ port: ports[0], host: '127.0.0.1' }, () => resolve()));
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
