import { readFileSync } from 'node:fs';
import { open, readFile, unlink } from 'node:fs/promises';
import { StateLockedError } from './errors.js';
import { FILE_MODE, isCode } from './store-fs.js';

/** Locks this process holds: a lock file naming our own pid but not in here is stale (pid 1 in containers). */
const held = new Set<string>();

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
 * process that got the same pid (its start time differs).
 */
export async function lockDataDir(lockFile: string): Promise<DataDirLock> {
  for (let tries = 0; tries < 3; tries++) {
    try {
      const handle = await open(lockFile, 'wx', FILE_MODE);
      try {
        await handle.writeFile(formatHolder({ pid: process.pid, startTime: processStartTime(process.pid) }));
      } finally {
        await handle.close();
      }
      held.add(lockFile);
      return {
        release: async () => {
          held.delete(lockFile);
          await unlink(lockFile).catch(ignoreMissing);
        },
      };
    } catch (error) {
      if (!isCode(error, 'EEXIST')) throw error;
    }
    const holder = parseHolder(await readFile(lockFile, 'utf8').catch(() => ''));
    if (holder !== null && (holder.pid === process.pid ? held.has(lockFile) : isHolderAlive(holder))) {
      throw new StateLockedError(lockFile, holder.pid);
    }
    // Stale: its owner is gone. Remove it and try again (another starter may race us to it).
    await unlink(lockFile).catch(ignoreMissing);
  }
  throw new StateLockedError(lockFile, Number.NaN);
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
