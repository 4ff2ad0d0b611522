import { hostname } from 'node:os';
import type { AliasesOf } from '../core/payment-aliases.js';
import type { Leadership } from '../core/leadership.js';
import { soleLeader } from './files/sole-leader.js';
import { DatabaseLeadership } from './postgres/leadership.js';
import type { Logger } from '../log/logger.js';
import { openPostgresStore } from './postgres/postgres-store.js';
import type { StateStore } from './state-store.js';
import { openFileStore } from './files/file-store.js';

/**
 * The state where the configuration puts it, with who leads: a PostgreSQL database shared
 * by several bots that elect one when DATABASE_URL is set; DATA_DIR, whose one bot leads,
 * otherwise. The leadership is not started: the caller starts it once it can act.
 */
export async function openStateStore(
  config: { dataDir: string; databaseUrl: string | null },
  deps: { logger: Logger; aliases: AliasesOf },
): Promise<{ store: StateStore; leadership: Leadership }> {
  const instance = `${hostname()}:${process.pid}`;
  if (config.databaseUrl === null) return { store: await openFileStore({ dataDir: config.dataDir, ...deps }), leadership: soleLeader(instance) };
  const leadership = new DatabaseLeadership({ url: config.databaseUrl, instance, logger: deps.logger });
  const store = await openPostgresStore({ url: config.databaseUrl, ...deps, leaderEpoch: () => leadership.currentEpoch() });
  return { store, leadership };
}
