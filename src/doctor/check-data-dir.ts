import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { StateFileError } from '../store/errors.js';
import { openStateFile } from '../store/files/state-file.js';
import type { DeadLetter } from '../store/state-schema.js';
import { failRow, okRow, warnRow, type CheckRow } from '../checks/check-row.js';
import { isHolderAlive, parseHolder } from '../store/files/lock.js';
import { DEFAULT_RULES } from '../core/chat-rules.js';
import type { Locale } from '../core/locale.js';
import { rulesSummary, type ChatShows } from '../commands/rules/index.js';

export interface DataDirCheck {
  rows: CheckRow[];
  /** The pid of a bankbell running on this DATA_DIR right now, if any. */
  runningPid: number | null;
}

/**
 * DATA_DIR exists (or can be created) and is writable, the state file parses as the store
 * would parse it, and whether a bot holds the lock right now. Reads only: no lock is taken,
 * nothing is created or written.
 */
export async function checkDataDir(dataDir: string, now: Date, locale: Locale, showsOf: (dest: string) => ChatShows): Promise<DataDirCheck> {
  const dir = await directoryRow(dataDir);
  if (dir.status !== 'OK' || !(await exists(dataDir))) return { rows: [dir], runningPid: null };
  const state = await stateRows(path.join(dataDir, 'state.json'), now, locale, showsOf);
  const running = await runningBot(path.join(dataDir, 'bankbell.lock'));
  return { rows: [dir, ...state, running.row], runningPid: running.pid };
}

async function directoryRow(dataDir: string): Promise<CheckRow> {
  const check = 'data dir';
  const info = await stat(dataDir).catch((error: unknown) => errorCode(error));
  if (typeof info === 'string') {
    if (info === 'ENOTDIR') return failRow(check, `${dataDir} cannot be created: a part of its path is a file, not a directory. Point DATA_DIR elsewhere`);
    if (info !== 'ENOENT') return failRow(check, `${dataDir} cannot be used (${info}): point DATA_DIR at a directory this user can write`);
    const parent = await nearestExisting(path.dirname(dataDir));
    if (parent !== null && (await writable(parent))) {
      return okRow(check, `${dataDir} does not exist yet: the bot creates it at its first start`);
    }
    return failRow(check, `${dataDir} cannot be created: ${parent ?? 'its parent'} is not a directory this user can write. Create it, or point DATA_DIR elsewhere`);
  }
  if (!info.isDirectory()) return failRow(check, `${dataDir} is not a directory: point DATA_DIR at a directory`);
  if (!(await writable(dataDir))) {
    return failRow(check, `${dataDir} is not writable by this user: fix its owner or permissions, or point DATA_DIR elsewhere`);
  }
  return okRow(check, `${dataDir} exists and is writable`);
}

/**
 * The store's own parser, so a file the bot would refuse is refused here with the same words;
 * then each chat's rules, and one row per alert a chat refused for good (dead letters).
 */
async function stateRows(file: string, now: Date, locale: Locale, showsOf: (dest: string) => ChatShows): Promise<CheckRow[]> {
  const check = 'state file';
  try {
    const { db, created, unreadableRules } = await openStateFile(file, now);
    if (created) return [okRow(check, 'none yet: at its first start the bot records what already exists as seen, without alerts')];
    const waiting = db.data.outbox.length;
    // Each chat's own rules, as /settings shows them there; a chat not listed keeps the defaults.
    const rules = Object.entries(db.data.chatRules).map(([dest, chatRules]) => okRow(`rules ${dest}`, rulesSummary(chatRules, locale, showsOf(dest))));
    const unreadable = unreadableRules.map((dest) =>
      warnRow(`rules ${dest}`, 'cannot be read: this chat follows the defaults until its rules are set again from inside it'),
    );
    const others = okRow('rules (other chats)', rulesSummary(DEFAULT_RULES, locale));
    const waitingRow = okRow(check, `readable; ${waiting} ${waiting === 1 ? 'alert' : 'alerts'} waiting to be sent`);
    return [waitingRow, ...rules, ...unreadable, others, ...db.data.deadLetters.map(deadLetterRow)];
  } catch (error) {
    if (error instanceof StateFileError) return [failRow(check, error.message)];
    return [failRow(check, `${file} cannot be read (${errorCode(error)}): check its permissions`)];
  }
}

export function deadLetterRow(dead: DeadLetter): CheckRow {
  const { tx } = dead;
  return warnRow(
    'dead letter',
    `${dead.dest} refused the alert for ${tx.provider}:${tx.providerId} (${tx.amount} on ${tx.accountNumber}, ` +
      `${tx.occurredAt}) at ${new Date(dead.at).toISOString()}: ${dead.error}. Tell the shop about this payment by hand`,
  );
}

/** The store's lock file holds the pid of the bot using this DATA_DIR. */
async function runningBot(lockFile: string): Promise<{ row: CheckRow; pid: number | null }> {
  const check = 'running bot';
  const text = await readFile(lockFile, 'utf8').catch(() => null);
  if (text === null) return { row: okRow(check, 'none on this DATA_DIR'), pid: null };
  const holder = parseHolder(text);
  if (holder === null || !isHolderAlive(holder)) {
    return { row: okRow(check, 'none (a lock left by a stopped bot is taken over at start)'), pid: null };
  }
  return { row: okRow(check, `bankbell is running on this DATA_DIR now (pid ${holder.pid})`), pid: holder.pid };
}

async function nearestExisting(dir: string): Promise<string | null> {
  for (let current = dir; ; current = path.dirname(current)) {
    const info = await stat(current).catch((error: unknown) => errorCode(error));
    if (typeof info !== 'string') return info.isDirectory() ? current : null;
    if (info !== 'ENOENT') return null;
    if (path.dirname(current) === current) return null;
  }
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

async function writable(dir: string): Promise<boolean> {
  return access(dir, constants.W_OK | constants.X_OK).then(
    () => true,
    () => false,
  );
}

function errorCode(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : String(error);
}
