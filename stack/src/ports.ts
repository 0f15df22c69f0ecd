// Port checks before anything starts, so a taken port is named plainly
// instead of surfacing as a child process's stack trace.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

export class StartupError extends Error {
  constructor(
    readonly part: string,
    message: string,
    readonly hint: string,
  ) {
    super(`${part}: ${message}\n  → ${hint}`);
    this.name = 'StartupError';
  }
}

export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Throws a StartupError naming the part and the flag to change when a port is in use. */
export async function requirePortFree(part: string, port: number, flag: string): Promise<void> {
  // graph-node binds all interfaces, so check both loopback and the wildcard address.
  const free = (await isPortFree(port, '127.0.0.1')) && (await isPortFree(port, '0.0.0.0'));
  if (!free) {
    throw new StartupError(part, `port ${port} is already in use`, `stop whatever listens on ${port} (e.g. a previous \`npm start\`), or pick another port with ${flag}`);
  }
}

/** Linux's range for the local ports of outgoing connections (ephemeral ports); the usual default if unreadable. */
function ephemeralRange(): [number, number] {
  try {
    const [lo, hi] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (lo! > 0 && hi! >= lo!) return [lo!, hi!];
  } catch {
    // not Linux, or no /proc: fall through
  }
  return [32768, 60999];
}

const handedOut = new Set<number>();

/**
 * A free port for tests and benches that run a private stack. Chosen below the
 * ephemeral range, not by binding port 0: a port the OS hands out for a
 * listener comes from the same range as the local ports of outgoing
 * connections, so in the seconds between choosing a port and binding it, any
 * client (gnd's Postgres pool, an RPC poll) could take it (an EADDRINUSE seen
 * in CI). Ports are not handed out twice by one process.
 */
export async function freePort(): Promise<number> {
  const [ephemeralLow] = ephemeralRange();
  const low = 10_000;
  const high = Math.max(low + 1_000, ephemeralLow) - 1;
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low + 1));
    if (handedOut.has(port)) continue;
    if ((await isPortFree(port, '127.0.0.1')) && (await isPortFree(port, '0.0.0.0'))) {
      handedOut.add(port);
      return port;
    }
  }
  throw new StartupError('ports', `no free port found between ${low} and ${high}`, 'stop leftover stacks (e.g. `pkill gnd anvil postgres`) and try again');
}
