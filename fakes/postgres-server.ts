import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from './free-port.js';

/**
 * A real PostgreSQL server for tests, started from the binaries of Debian's `postgresql`
 * package on a temp directory and a free loopback port, and removed when stopped. Nothing
 * is imitated: the store talks to the same server it talks to in production.
 */
export interface PostgresServer {
  port: number;
  /** A new, empty database on this server; its URL. */
  createDatabase(): Promise<string>;
  /** Runs SQL as the superuser in the database of `url` (for faults the tests inject). */
  sql(url: string, text: string): Promise<void>;
  /** Stops the server (fast shutdown: connections are cut), keeping its data. */
  down(): Promise<void>;
  /** Starts it again on the same port and data. */
  up(): Promise<void>;
  stop(): Promise<void>;
}

/** The directory holding initdb and postgres, or null when this machine has none. */
export function postgresBinaries(): string | null {
  const candidates = [
    ...(existsSync('/usr/lib/postgresql')
      ? readdirSync('/usr/lib/postgresql')
          .sort((a, b) => Number(b) - Number(a))
          .map((v) => `/usr/lib/postgresql/${v}/bin`)
      : []),
    ...(process.env.PATH ?? '').split(':'),
  ];
  return candidates.find((dir) => dir !== '' && existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'postgres'))) ?? null;
}

/** Why PostgreSQL tests are skipped here, or null when they run. */
export const POSTGRES_MISSING =
  postgresBinaries() === null
    ? 'no PostgreSQL server binaries (initdb, postgres) found in /usr/lib/postgresql/*/bin or PATH: install Debian\'s postgresql package to run these tests'
    : null;

const USER = 'bankbell';

/** PostgreSQL refuses to run as root: as root, it runs as `nobody` (65534) on a directory owned by it. */
const AS_ROOT = process.getuid?.() === 0;
const serverUser = AS_ROOT ? { uid: 65534, gid: 65534 } : {};

/**
 * `durable`: the server syncs its writes as in production (for measuring); tests leave it off,
 * as nothing they check depends on surviving a power cut.
 */
export async function startPostgres(options: { durable?: boolean } = {}): Promise<PostgresServer> {
  const bin = postgresBinaries();
  if (bin === null) throw new Error(POSTGRES_MISSING ?? 'no PostgreSQL');
  const dir = await mkdtemp(path.join(tmpdir(), 'bankbell-pg-'));
  if (AS_ROOT) await chown(dir, 65534, 65534);
  const data = path.join(dir, 'data');
  const init = spawnSync(path.join(bin, 'initdb'), ['-D', data, '-U', USER, '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C'], {
    encoding: 'utf8',
    cwd: dir,
    ...serverUser,
  });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}${init.stdout}`);
  const port = await freePort();
  let server: ChildProcess | null = null;
  let output = '';

  const start = async () => {
    const fast = options.durable === true ? [] : ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off'];
    const settings = ['listen_addresses=127.0.0.1', 'max_connections=60', ...fast];
    const args = ['-D', data, '-p', String(port), '-k', dir, ...settings.flatMap((s) => ['-c', s])];
    const child = spawn(path.join(bin, 'postgres'), args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir, ...serverUser });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server = child;
    const deadline = Date.now() + 15_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`postgres exited: ${output}`);
      const client = new pg.Client({ host: '127.0.0.1', port, user: USER, database: 'postgres' });
      const up = await client.connect().then(
        () => client.end().then(() => true),
        () => false,
      );
      if (up) return;
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not accept connections within 15 s: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const halt = async () => {
    const child = server;
    if (child === null || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    await exited;
    server = null;
  };
  await start();

  let databases = 0;
  const urlOf = (database: string) => `postgres://${USER}@127.0.0.1:${port}/${database}`;
  const run = async (url: string, text: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };
  return {
    port,
    async createDatabase() {
      const name = `t${process.pid}_${++databases}`;
      await run(urlOf('postgres'), `CREATE DATABASE ${name}`);
      return urlOf(name);
    },
    sql: run,
    down: halt,
    up: start,
    async stop() {
      await halt();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
