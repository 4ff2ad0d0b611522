import type { Config } from '../config/schema.js';
import type { RetryPolicy } from '../http/backoff.js';
import { checkConfig } from './check-config.js';
import { checkDataDir } from './check-data-dir.js';
import { checkDatabase } from './check-database.js';
import { checkPort } from './check-ports.js';
import { CHATS } from '../chats/index.js';
import type { ChatShows } from '../commands/rules/index.js';
import { platformOf } from '../delivery/destination.js';
import { PROVIDERS } from '../providers/index.js';
import type { ProviderCheck } from '../core/provider.js';
import { failRow, type CheckRow } from '../checks/check-row.js';
import { checkWatchedAccounts } from './check-watch.js';
import { withDeadline } from '../checks/deadline.js';

export interface DoctorDeps {
  /** Longest any one check may take; default 10 000 ms. */
  timeoutMs?: number;
  /** Provider calls; default two attempts, so one 5xx or timeout is forgiven as the bot would. */
  providerRetry?: RetryPolicy;
  now?: () => Date;
}

export interface DoctorReport {
  rows: CheckRow[];
  /** No FAIL row: warnings alone do not stop the bot. */
  ok: boolean;
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** A group runs a few deadlines one after the other (Telegram: the token, then the chats). */
const GROUP_DEADLINES = 4;
const DEFAULT_PROVIDER_RETRY: RetryPolicy = { attempts: 2, baseDelayMs: 500, maxDelayMs: 2_000 };

/**
 * Checks the configuration end to end without sending anything: every check runs at once,
 * each with a deadline, and never throws; a failure is a row. No secret reaches the rows.
 */
export async function runDoctor(config: Config, deps: DoctorDeps = {}): Promise<DoctorReport> {
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const providerOptions = { timeoutMs, retry: deps.providerRetry ?? DEFAULT_PROVIDER_RETRY };
  const now = deps.now ?? (() => new Date());

  const providers = async (): Promise<CheckRow[]> => {
    const checks = PROVIDERS.flatMap((provider): Promise<ProviderCheck>[] => {
      const check = provider.doctor(config.plugins, providerOptions);
      return check === null ? [] : [check];
    });
    const done = await Promise.all(checks);
    return [...done.map((c) => c.row), ...checkWatchedAccounts(config.watchAccounts, done.map((c) => c.sight))];
  };
  const storage = async (): Promise<CheckRow[]> => {
    // With DATABASE_URL the state is in the database, and DATA_DIR is not used.
    const dataDir =
      config.databaseUrl === null
        ? await checkDataDir(config.dataDir, now(), config.locale, chatShows)
        : { rows: await checkDatabase(config.databaseUrl, timeoutMs), runningPid: null };
    const portRows = await Promise.all(config.listeners.map(({ variable, port }) => checkPort(variable, port, dataDir.runningPid)));
    return [...dataDir.rows, ...portRows];
  };

  // Each check has its own deadline; these only catch the unforeseen (a bug, a hung disk).
  const guarded = async (name: string, run: () => Promise<CheckRow[]>): Promise<CheckRow[]> => {
    const result = await withDeadline(GROUP_DEADLINES * timeoutMs, run);
    return result.ok ? result.value : [failRow(name, result.error)];
  };
  const groups = await Promise.all([
    guarded('providers', providers),
    ...CHATS.map((chat) => guarded(chat.name, async () => (await chat.doctor(config.plugins, { timeoutMs })) ?? [])),
    guarded('data dir', storage),
  ]);
  const rows = [checkConfig(config), ...groups.flat()].map((row) => masked(row, config.secrets));
  return { rows, ok: rows.every((row) => row.status !== 'FAIL') };
}

/** Last line of defence: no row is worded with a secret, but an echoed server message might carry one. */
function masked(row: CheckRow, secrets: readonly string[]): CheckRow {
  let detail = row.detail;
  for (const secret of secrets) if (secret.length >= 4) detail = detail.split(secret).join('***');
  return { ...row, detail };
}

/** What a destination's chat can show, by its platform (`zalo:…` has no buttons); a destination of no platform here, everything. */
function chatShows(dest: string): ChatShows {
  const chat = CHATS.find((c) => c.name === platformOf(dest));
  return { buttons: chat === undefined || chat.capabilities.includes('buttons') };
}
