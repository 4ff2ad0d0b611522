import { nodeStoreFs, type StoreFile, type StoreFs } from '../../src/store/files/store-fs.js';

export type Fault = 'ENOSPC' | 'EACCES' | 'short' | 'partial';

/**
 * The real file system, counting every call the store makes (opens, writes, syncs, renames…)
 * as one step, and failing the chosen step once: ENOSPC (a write puts half its bytes on
 * disk first, as a filling disk does), EACCES, a short write (half the bytes, then a
 * write that takes none), or a partial write (half the bytes; the next write takes the rest).
 * Short and partial writes only happen to writes; other steps pass. `steps` lists what was called, for naming a failing step.
 */
export function faultyFs() {
  const steps: string[] = [];
  let failAt = -1;
  let fault: Fault = 'ENOSPC';
  let stuck = false;

  const fail = (name: string) => Object.assign(new Error(`${fault}: injected at step ${steps.length} (${name})`), { code: fault });
  const quiet = () => fault === 'short' || fault === 'partial';
  /** Whether this step fails; records it either way. */
  const step = (name: string): boolean => {
    steps.push(name);
    return steps.length - 1 === failAt;
  };

  const wrap = (file: StoreFile, name: string): StoreFile => ({
    async write(buffer, offset, length, position) {
      if (stuck) return { bytesWritten: 0 };
      if (!step(`write ${name}`)) return file.write(buffer, offset, length, position);
      const half = Math.floor(length / 2);
      if (fault === 'EACCES') throw fail(`write ${name}`);
      const { bytesWritten } = await file.write(buffer, offset, half, position);
      if (fault === 'ENOSPC') throw fail(`write ${name}`);
      stuck = fault === 'short'; // short: the next write takes nothing
      return { bytesWritten };
    },
    async truncate(length) {
      if (step(`truncate ${name}`) && !quiet()) throw fail(`truncate ${name}`);
      return file.truncate(length);
    },
    async sync() {
      if (step(`sync ${name}`) && !quiet()) throw fail(`sync ${name}`);
      return file.sync();
    },
    async close() {
      if (step(`close ${name}`) && !quiet()) {
        await file.close();
        throw fail(`close ${name}`);
      }
      return file.close();
    },
  });

  const fs: StoreFs = {
    async open(file, flags, mode) {
      // Stable names for test titles: no temp directory, no date.
      const name = file
        .split('/')
        .slice(-2)
        .join('/')
        .replace(/bankbell-[^/]+/, 'DATA_DIR')
        .replace(/\d{4}-\d{2}-\d{2}/, 'DAY');
      if (step(`open ${name}`) && !quiet()) throw fail(`open ${name}`);
      return wrap(await nodeStoreFs.open(file, flags, mode), name);
    },
    async rename(from, to) {
      if (step('rename') && !quiet()) throw fail('rename');
      return nodeStoreFs.rename(from, to);
    },
    async unlink(file) {
      if (step('unlink') && !quiet()) throw fail('unlink');
      return nodeStoreFs.unlink(file);
    },
    mkdir: (dir, options) => nodeStoreFs.mkdir(dir, options),
  };

  return {
    fs,
    steps,
    /** Fails the `n`-th step from now (0: the next one) with `kind`. */
    failStep(n: number, kind: Fault) {
      failAt = steps.length + n;
      fault = kind;
      stuck = false;
    },
    heal() {
      failAt = -1;
      stuck = false;
    },
  };
}
