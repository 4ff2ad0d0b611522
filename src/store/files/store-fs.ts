import * as fs from 'node:fs/promises';
import path from 'node:path';

/** An open file, as much of `FileHandle` as the store uses. */
export interface StoreFile {
  write(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesWritten: number }>;
  truncate(length: number): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The file-system calls the store makes when it writes. Production passes node:fs/promises;
 * tests pass one that fails at a chosen step (ENOSPC, EACCES, short writes) to prove that a
 * failed commit loses and doubles nothing.
 */
export interface StoreFs {
  open(file: string, flags: string, mode?: number): Promise<StoreFile>;
  rename(from: string, to: string): Promise<void>;
  unlink(file: string): Promise<void>;
  mkdir(dir: string, options: { recursive: true; mode: number }): Promise<unknown>;
}

export const nodeStoreFs: StoreFs = {
  open: (file, flags, mode) => fs.open(file, flags, mode),
  rename: fs.rename,
  unlink: fs.unlink,
  mkdir: fs.mkdir,
};

/** Data files are the shop's payments: readable by the bot's user only. */
export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

/** A write that took fewer bytes than asked, and then none: the disk is as good as full. */
export class ShortWriteError extends Error {
  readonly code = 'ENOSPC';
}

/** Writes all of `data` at `position`, continuing after short writes; fails if a write takes nothing. */
export async function writeFully(file: StoreFile, data: Uint8Array, position: number): Promise<void> {
  for (let done = 0; done < data.length; ) {
    const { bytesWritten } = await file.write(data, done, data.length - done, position + done);
    if (bytesWritten <= 0) throw new ShortWriteError(`wrote ${done} of ${data.length} bytes`);
    done += bytesWritten;
  }
}

/**
 * Makes a rename or a new file in `dir` durable. Some file systems cannot sync a directory
 * (EINVAL); there the rename is as durable as that file system makes it.
 */
export async function syncDirectory(fsys: StoreFs, dir: string): Promise<void> {
  const handle = await fsys.open(dir, 'r');
  try {
    await handle.sync();
  } catch (error) {
    if (!isCode(error, 'EINVAL')) throw error;
  } finally {
    await handle.close();
  }
}

/**
 * Writes `data` into `file` at `offset`, first cutting whatever lies past the offset (bytes a
 * failed write left behind), and syncs it before it resolves; a file this creates is made
 * durable in its directory too. How both journals append: at the end of what is committed.
 */
export async function writeAtSynced(fsys: StoreFs, file: string, data: Uint8Array, offset: number): Promise<void> {
  const handle = await fsys.open(file, offset === 0 ? 'w' : 'r+', FILE_MODE);
  try {
    await handle.truncate(offset);
    await writeFully(handle, data, offset);
    await handle.sync();
  } finally {
    await handle.close();
  }
  if (offset === 0) await syncDirectory(fsys, path.dirname(file));
}

/** Entries as JSON lines, each ending in a newline: a torn last line is then easy to tell. */
export const jsonLines = (entries: readonly unknown[]): string => entries.map((entry) => `${JSON.stringify(entry)}\n`).join('');

export function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

/** Replaces `file` with `text` so that a crash or power loss leaves the old or the new file whole. */
export async function replaceFile(fsys: StoreFs, file: string, text: string): Promise<void> {
  const temp = `${file}.tmp`;
  const handle = await fsys.open(temp, 'w', FILE_MODE);
  try {
    await writeFully(handle, Buffer.from(text), 0);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fsys.rename(temp, file);
  await syncDirectory(fsys, path.dirname(file));
}
