import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { link, open, stat, unlink, writeFile } from 'node:fs/promises';
import { StateLockedError } from '../errors.js';
import { FILE_MODE, isCode } from './store-fs.js';

/** Locks this process holds: a lock file naming our own pid but not in here is stale (pid 1 in containers). */
const held = new Set<string>();

/**
 * How long a lock file that names no process (empty, cut short) is taken for one being written
 * by a starter (an older bankbell wrote it in two steps), and a takeover claim for one in progress.
 */
const UNFINISHED_GRACE_MS = 10_000;

export interface DataDirLock {
  release(): Promise<void>;
}

/** Who holds a lock: a pid, and that process's start time when the system tells it (Linux). */
export interface LockHolder {
  pid: number;
  startTime: string | null;
}

/**
 * Takes `<dataDir>/bankbell.lock` holding our pid and our start time. A lock left by a
 * process that no longer runs (crash, kill -9) is taken over, so a crash never leaves the
 * bot unable to start: the pid is gone, is a zombie not yet reaped, or belongs to a later
 * process that got the same pid (its start time differs). Of several starters racing for a
 * free or stale lock exactly one wins: the file appears whole in one step (link), and only the
 * very file judged stale is removed, by the one starter that claimed it.
 */
export async function lockDataDir(lockFile: string): Promise<DataDirLock> {
  const mine = formatHolder({ pid: process.pid, startTime: processStartTime(process.pid) });
  for (let tries = 0; tries < 5; tries++) {
    if (await createLock(lockFile, mine)) {
      held.add(lockFile);
      return {
        release: async () => {
          held.delete(lockFile);
          await unlink(lockFile).catch(ignoreMissing);
        },
      };
    }
    const found = await readLock(lockFile);
    if (found === null) continue; // released meanwhile
    const holder = parseHolder(found.text);
    if (holder === null) {
      if (Date.now() - found.changedAt < UNFINISHED_GRACE_MS) throw new StateLockedError(lockFile, Number.NaN);
    } else if (holder.pid === process.pid ? held.has(lockFile) : isHolderAlive(holder)) {
      throw new StateLockedError(lockFile, holder.pid);
    }
    await removeStale(lockFile, found);
  }
  throw new StateLockedError(lockFile, Number.NaN);
}

/**
 * Creates the lock file with `text` in it, whole, unless one exists: written to a file of our
 * own first, then linked into place, which fails if the name is taken. Where the file system
 * has no hard links, created exclusively and written (the empty moment is what the grace covers).
 */
async function createLock(lockFile: string, text: string): Promise<boolean> {
  const temp = `${lockFile}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(temp, text, { mode: FILE_MODE, flag: 'wx' });
  try {
    await link(temp, lockFile);
    return true;
  } catch (error) {
    if (isCode(error, 'EEXIST')) return false;
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'].some((code) => isCode(error, code))) throw error;
  } finally {
    await unlink(temp).catch(ignoreMissing);
  }
  try {
    await writeFile(lockFile, text, { mode: FILE_MODE, flag: 'wx' });
    return true;
  } catch (error) {
    if (isCode(error, 'EEXIST')) return false;
    throw error;
  }
}

/** The lock file's text, identity and last change, read from one open file; null when there is none. */
async function readLock(lockFile: string): Promise<FoundLock | null> {
  let handle;
  try {
    handle = await open(lockFile, 'r');
  } catch (error) {
    if (isCode(error, 'ENOENT')) return null;
    throw error;
  }
  try {
    const info = await handle.stat();
    return { text: await handle.readFile('utf8'), ino: info.ino, changedAt: info.mtimeMs };
  } finally {
    await handle.close();
  }
}

/** A lock file as read: its text, and what tells this file from a later one of the same name. */
interface FoundLock {
  text: string;
  ino: number;
  changedAt: number;
}

/**
 * Removes the lock file judged stale, and nothing else. A claim named after its inode is linked
 * to it: only one starter can create that name, and it removes the lock only while the lock is
 * still that same file. Another starter, or one coming late, finds the claim taken or the lock
 * replaced, and looks again. A freed inode number is soon given to a new file (the winner's
 * lock), so the claimed file must also still say what was judged stale. A claim left by a
 * starter that died taking over is dropped once old.
 */
async function removeStale(lockFile: string, stale: FoundLock): Promise<void> {
  const claim = `${lockFile}.stale-${stale.ino}`;
  try {
    await link(lockFile, claim);
  } catch (error) {
    if (isCode(error, 'ENOENT')) return;
    if (!isCode(error, 'EEXIST')) throw error;
    const info = await stat(claim).catch(() => null);
    if (info !== null && Date.now() - info.ctimeMs > UNFINISHED_GRACE_MS) await unlink(claim).catch(ignoreMissing);
    return;
  }
  try {
    const [claimed, current] = await Promise.all([readLock(claim), stat(lockFile).catch(() => null)]);
    const same = claimed !== null && claimed.ino === stale.ino && claimed.changedAt === stale.changedAt && claimed.text === stale.text;
    if (same && current?.ino === stale.ino) await unlink(lockFile).catch(ignoreMissing);
  } finally {
    await unlink(claim).catch(ignoreMissing);
  }
}

/** What a lock file says: `<pid> <start time>`, or only `<pid>` where start times are unknown. */
export function parseHolder(text: string): LockHolder | null {
  const [pidText, startTime] = text.trim().split(/\s+/);
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  return { pid, startTime: startTime ?? null };
}

function formatHolder(holder: LockHolder): string {
  return holder.startTime === null ? String(holder.pid) : `${holder.pid} ${holder.startTime}`;
}

/** Whether the process that wrote this lock still runs. */
export function isHolderAlive(holder: LockHolder): boolean {
  const stat = readProcStat(holder.pid);
  if (stat === undefined) return isProcessAlive(holder.pid); // no /proc: the pid is all there is
  if (stat === null || stat.state === 'Z' || stat.state === 'X') return false;
  return holder.startTime === null || holder.startTime === stat.startTime;
}

/** Whether a process with this pid exists (ours to signal or not). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else: still alive.
    return isCode(error, 'EPERM');
  }
}

function processStartTime(pid: number): string | null {
  return readProcStat(pid)?.startTime ?? null;
}

/**
 * State and start time (clock ticks after boot) from /proc/<pid>/stat: null when no such
 * process, undefined when the system has no /proc. The command name (field 2) can hold
 * spaces and parentheses, so fields are counted after its last `)`.
 */
function readProcStat(pid: number): { state: string; startTime: string } | null | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch (error) {
    if (!isCode(error, 'ENOENT')) return undefined;
    return isCode(readProcSelf(), 'ENOENT') ? undefined : null;
  }
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state); field 22 (start time) is fields[19].
  const [state, startTime] = [fields[0], fields[19]];
  if (state === undefined || startTime === undefined) return undefined;
  return { state, startTime };
}

/** Reading our own stat tells whether /proc exists at all. */
function readProcSelf(): unknown {
  try {
    readFileSync('/proc/self/stat');
    return null;
  } catch (error) {
    return error;
  }
}

function ignoreMissing(error: unknown): void {
  if (!isCode(error, 'ENOENT')) throw error;
}
