import type { AliasesOf } from '../core/payment-aliases.js';
import type { Logger } from '../log/logger.js';
import { PostgresStore } from './postgres/postgres-store.js';
import type { StateStore } from './state-store.js';
import { Store } from './store.js';

/** The state where the configuration puts it: a PostgreSQL database when DATABASE_URL is set, DATA_DIR otherwise. */
export function openStateStore(
  config: { dataDir: string; databaseUrl: string | null },
  deps: { logger: Logger; aliases: AliasesOf },
): Promise<StateStore> {
  if (config.databaseUrl !== null) return PostgresStore.open({ url: config.databaseUrl, ...deps });
  return Store.open({ dataDir: config.dataDir, ...deps });
}
