// A private stack for end-to-end tests: free ports, its own data folder,
// the same startStack() as `npm start`.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { freePort } from '../../stack/src/ports.ts';
import { startStack, type RunningStack, type StackPorts } from '../../stack/src/stack.ts';

export async function freeStackPorts(): Promise<StackPorts> {
  return {
    postgres: await freePort(),
    anvil: await freePort(),
    graphNode: { http: await freePort(), admin: await freePort(), indexNode: await freePort(), metrics: await freePort() },
    ipfs: await freePort(),
    api: await freePort(),
    dashboards: await freePort(),
  };
}

export function tempDataDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `pvp-${prefix}-`));
}

export async function startTestStack(dataDir: string, ports?: StackPorts): Promise<RunningStack> {
  return startStack({
    dataDir,
    fresh: false,
    ports: ports ?? (await freeStackPorts()),
    network: 'anvil',
    blockTime: 0,
    log: (l) => process.env.E2E_VERBOSE && console.log(`[stack] ${l}`),
  });
}

export async function gql<T = any>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<{ status: number; body: { data?: T; errors?: { message: string; extensions?: { code?: string } }[] } }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  return { status: res.status, body: (await res.json()) as any };
}

/** Whether a process is still alive (signal 0 probes without killing). */
export function alive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
