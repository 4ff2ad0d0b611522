// Bundles the bot, the demo, doctor and migrate-state into dist/ with esbuild (a production dependency), so
// that all four run on plain node after `npm ci --omit=dev`. Plain JavaScript on purpose: it
// must run before anything is compiled and without dev tools.
//
//   node scripts/build.mjs             build (npm install runs this as `prepare`)
//   node scripts/build.mjs --if-stale  build only when a source is newer than the last build;
//                                      otherwise write nothing (npm start, demo, doctor), so
//                                      the code directory can be read-only in production
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist');
/** Written last, so a build that stopped half way counts as no build. */
const STAMP = path.join(DIST, '.built');
const ENTRIES = { main: 'src/main.ts', demo: 'src/demo/main.ts', doctor: 'src/doctor/main.ts', 'migrate-state': 'src/migrate-state/main.ts' };
/** Everything the bundles are made of: our sources (the demo runs on the fakes) and the build itself. */
const INPUTS = ['src', 'fakes', 'scripts/build.mjs', 'package.json', 'package-lock.json'];

async function newestInput(entry) {
  const info = await stat(entry).catch(() => null);
  if (info === null) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  const names = await readdir(entry);
  const times = await Promise.all(names.map((name) => newestInput(path.join(entry, name))));
  return Math.max(info.mtimeMs, ...times);
}

async function isStale() {
  const built = await stat(STAMP).catch(() => null);
  if (built === null) return true;
  const times = await Promise.all(INPUTS.map((input) => newestInput(path.join(ROOT, input))));
  return Math.max(...times) > built.mtimeMs;
}

async function bundle() {
  // Loaded only when there is something to build: a start with a fresh build stays quick.
  const { build } = await import('esbuild');
  await rm(DIST, { recursive: true, force: true });
  await mkdir(DIST, { recursive: true });
  await build({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
    outdir: DIST,
  });
  await writeFile(STAMP, `${new Date().toISOString()}\n`);
}

const ifStale = process.argv.includes('--if-stale');
if (!ifStale || (await isStale())) {
  try {
    await bundle();
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : null;
    const readOnly = code === 'EROFS' || code === 'EACCES' || code === 'EPERM';
    process.stderr.write(
      readOnly
        ? `bankbell: the sources are newer than the build in ${DIST}, which cannot be written here (${code}).\n` +
            'Run `npm run build` (or `npm install`) as the owner of the code directory, then start again.\n'
        : `bankbell: the build failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  }
}
