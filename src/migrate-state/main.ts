import { PLUGINS } from '../app/plugins.js';
import { loadConfig } from '../config/load-config.js';
import { providerPaymentAliases } from '../providers/index.js';
import { StateFileError, StateLockedError } from '../store/errors.js';
import { importState } from '../store/postgres/import-state.js';
import { describeDatabase, StateDatabaseError } from '../store/postgres/database.js';
import { readDataDir } from '../store/files/read-data-dir.js';

/**
 * `npm run migrate-state`: copies the state in DATA_DIR (history, cursors, alerts owed, dead
 * letters) into the database of DATABASE_URL, so that bots started on the database neither
 * alert old payments again nor lose /find history. Stop the bot first: DATA_DIR's lock is
 * taken while it is read.
 */
async function main(): Promise<number> {
  const loaded = loadConfig({ cwd: process.cwd(), env: process.env, plugins: PLUGINS });
  if (!loaded.ok) {
    process.stderr.write(`${loaded.error.message}\n`);
    return 1;
  }
  const { dataDir, databaseUrl } = loaded.value;
  if (databaseUrl === null) {
    process.stderr.write('DATABASE_URL is not set: set it to the database the state should move to (postgres://user:password@host:5432/database).\n');
    return 1;
  }
  try {
    const source = await readDataDir(dataDir, new Date());
    const outcome = await importState(databaseUrl, source, providerPaymentAliases);
    const what = `${source.history.length} payments, ${source.state.outbox.length} alerts owed, ${Object.keys(source.state.cursors).length} cursors`;
    const where = describeDatabase(databaseUrl);
    process.stdout.write(
      outcome === 'copied'
        ? `Copied ${what} from ${dataDir} into ${where}. Start the bots with DATABASE_URL set; ${dataDir} is no longer used.\n`
        : `${where} already holds this state (${what}): nothing to do.\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof StateFileError || error instanceof StateLockedError || error instanceof StateDatabaseError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bankbell migrate-state crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
