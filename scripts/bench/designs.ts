import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PLUGINS } from '../../src/app/plugins.js';
import { startBot } from '../../src/app/start-bot.js';
import { parseConfig } from '../../src/config/parse-config.js';
import type { Plugins } from '../../src/config/schema.js';

/**
 * The code measured: this tree, and with BENCH_BASELINE=<git revision> also that revision's
 * bot (extracted to a temporary directory), so both designs are measured in one run on the
 * same machine, against this tree's fakes. Only this tree's figures decide the exit code.
 */
export interface Design {
  label: string;
  root: string;
  /** This tree (not a baseline). */
  current: boolean;
  startBot: typeof startBot;
  /** The design's own reading of the environment, with its own plug-ins: the shape of its configuration is its own. */
  parseConfig: (env: Record<string, string | undefined>) => ReturnType<typeof parseConfig>;
}

/** What a baseline needs of its tree to run: the bot, what its build bundles (the demo's fakes too), and its packages. */
const BASELINE_PARTS = ['src', 'fakes', 'scripts', 'package.json', 'package-lock.json'];

/** This tree, and the baseline revision's tree when BENCH_BASELINE names one. */
export async function loadDesigns(): Promise<Design[]> {
  const current: Design = { label: 'this tree', root: process.cwd(), current: true, startBot, parseConfig: (env) => parseConfig(env, PLUGINS) };
  const baseline = process.env.BENCH_BASELINE;
  if (!baseline) return [current];
  const root = await mkdtemp(path.join(tmpdir(), 'bankbell-baseline-'));
  // Whatever of these the revision had: its `npm start` may bundle with scripts/build.mjs first.
  const parts = BASELINE_PARTS.filter((part) => execSync(`git ls-tree --name-only ${baseline} ${part}`).toString().trim() !== '');
  execSync(`git archive ${baseline} ${parts.join(' ')} | tar -x -C ${root}`);
  await symlink(path.resolve('node_modules'), path.join(root, 'node_modules'));
  const load = async <T>(file: string) => (await import(pathToFileURL(path.join(root, file)).href)) as T;
  // The wiring is src/app/ since the programs were split, src/app.ts before.
  const app = await load<{ startBot: typeof startBot }>(existsSync(path.join(root, 'src/app/start-bot.ts')) ? 'src/app/start-bot.ts' : 'src/app.ts');
  const configModule = await load<{ parseConfig: typeof parseConfig }>('src/config/parse-config.ts');
  // Its own registries make up its environment; a revision from before src/app/plugins.ts reads no plug-ins and ignores them.
  const plugins = existsSync(path.join(root, 'src/app/plugins.ts')) ? (await load<{ PLUGINS: Plugins }>('src/app/plugins.ts')).PLUGINS : PLUGINS;
  const label = execSync(`git rev-parse --short ${baseline}`).toString().trim();
  return [
    { label: `previous ${label}`, root, current: false, startBot: app.startBot, parseConfig: (env) => configModule.parseConfig(env, plugins) },
    current,
  ];
}

/** Removes the baselines' extracted trees. */
export async function removeBaselines(designs: readonly Design[]): Promise<void> {
  for (const design of designs) if (!design.current) await rm(design.root, { recursive: true, force: true });
}
