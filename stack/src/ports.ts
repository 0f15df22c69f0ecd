// Port checks before anything starts, so a taken port is named plainly
// instead of surfacing as a child process's stack trace.
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

/** A free port chosen by the OS, for tests that run a private stack. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1' }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
