import { open, readFile, unlink } from 'node:fs/promises';
import { StateLockedError } from './errors.js';

/** Locks this process holds: a lock file naming our own pid but not in here is stale (pid 1 in containers). */
const held = new Set<string>();

export interface DataDirLock {
  release(): Promise<void>;
}

/**
 * Takes `<dataDir>/bankbell.lock` holding our pid. A lock left by a process that no longer
 * exists (crash, kill -9) is taken over, so a crash never leaves the bot unable to start.
 */
export async function lockDataDir(lockFile: string): Promise<DataDirLock> {
  for (let tries = 0; tries < 3; tries++) {
    try {
      const handle = await open(lockFile, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
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
    const holder = Number((await readFile(lockFile, 'utf8').catch(() => '')).trim());
    const ours = holder === process.pid;
    if (Number.isInteger(holder) && holder > 0 && (ours ? held.has(lockFile) : isProcessAlive(holder))) {
      throw new StateLockedError(lockFile, holder);
    }
    // Stale: its owner is gone. Remove it and try again (another starter may race us to it).
    await unlink(lockFile).catch(ignoreMissing);
  }
  throw new StateLockedError(lockFile, Number.NaN);
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

function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

function ignoreMissing(error: unknown): void {
  if (!isCode(error, 'ENOENT')) throw error;
}
