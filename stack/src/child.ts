// Child processes of the stack: output goes to a log file per part, an early
// exit is reported with the log's last lines, and stop() ends the whole
// process group so nothing is left behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createWriteStream, readFileSync, existsSync } from 'node:fs';
import { StartupError } from './ports.ts';

export interface ManagedChild {
  name: string;
  process: ChildProcess;
  logFile: string;
  /** Resolves when the process has exited (with its code or signal). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

export function tailOf(file: string, lines = 15): string {
  if (!existsSync(file)) return '';
  const text = readFileSync(file, 'utf8').trimEnd().split('\n');
  return text.slice(-lines).join('\n');
}

let reaper: ChildProcess | undefined;

/** The watchdog (reaper.ts) that ends our children if this process dies without stopping them. */
function tellReaper(line: string): void {
  if (!reaper) {
    const script = join(dirname(fileURLToPath(import.meta.url)), 'reaper.ts');
    reaper = spawn(process.execPath, ['--import', 'tsx', script], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
    reaper.unref();
    (reaper.stdin as unknown as { unref?: () => void }).unref?.();
    reaper.on('error', () => (reaper = undefined));
  }
  reaper.stdin?.write(line + '\n');
}

export function startChild(
  name: string,
  command: string,
  args: string[],
  opts: { logFile: string; env?: NodeJS.ProcessEnv; cwd?: string; uid?: number; gid?: number },
): ManagedChild {
  const log = createWriteStream(opts.logFile, { flags: 'a' });
  log.write(`\n--- ${new Date().toISOString()} ${command} ${args.join(' ')}\n`);
  // detached: its own process group, so stop() reaches grandchildren too and
  // a Ctrl-C in the terminal reaches only us (we stop children in order).
  const proc = spawn(command, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, uid: opts.uid, gid: opts.gid, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout?.pipe(log, { end: false });
  proc.stderr?.pipe(log, { end: false });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    proc.once('exit', (code, signal) => resolve({ code, signal }));
    proc.once('error', (err) => {
      log.write(`spawn error: ${err.message}\n`);
      resolve({ code: -1, signal: null });
    });
  });
  let done = false;
  if (proc.pid !== undefined) tellReaper(`+${proc.pid}`);
  void exited.then(() => {
    done = true;
    if (proc.pid !== undefined) tellReaper(`-${proc.pid}`);
  });
  const child: ManagedChild = {
    name,
    process: proc,
    logFile: opts.logFile,
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000) {
      if (done || proc.pid === undefined) return;
      try {
        process.kill(-proc.pid, signal);
      } catch {
        return;
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-proc.pid!, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }, graceMs);
      await exited;
      clearTimeout(timer);
      log.end();
    },
  };
  return child;
}

/** Polls `ready` until it answers true; fails with the child's log tail if the child exits first. */
export async function waitUntilReady(
  child: ManagedChild,
  ready: () => Promise<boolean>,
  opts: { timeoutMs: number; hint: string; what: string },
): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  void child.exited.then((e) => (exit = e));
  while (Date.now() < deadline) {
    if (exit) {
      throw new StartupError(child.name, `exited (code ${exit.code ?? exit.signal}) before ${opts.what}. Last lines of ${child.logFile}:\n${tailOf(child.logFile)}`, opts.hint);
    }
    if (await ready().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new StartupError(child.name, `not ready after ${Math.round(opts.timeoutMs / 1000)} s (waiting for ${opts.what}). Last lines of ${child.logFile}:\n${tailOf(child.logFile)}`, opts.hint);
}
