import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PLUGINS } from '../../src/app/plugins.js';
import { parseConfig } from '../../src/config/parse-config.js';
import type { FakeCasso } from '../../fakes/casso/server.js';
import type { FakeSepay } from '../../fakes/sepay/v1.js';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `run` on a fresh temporary directory, removed afterwards. */
export async function withTempDir<T>(run: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bankbell-bench-'));
  try {
    return await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The configuration `env` gives (errors only in the log), read by `parse` (a design's own). */
export function config(env: Record<string, string>, parse = (all: Record<string, string>) => parseConfig(all, PLUGINS)) {
  const parsed = parse({ LOG_LEVEL: 'error', ...env });
  if (!parsed.ok) throw parsed.error;
  return parsed.value;
}

/** The variables of a bot that polls both fake providers on `pollCron`, its state in `dataDir`. */
export function pollingEnv(casso: FakeCasso, sepay: FakeSepay, dataDir: string, pollCron: string): Record<string, string> {
  return {
    CASSO_API_KEY: casso.apiKey,
    CASSO_API_BASE: casso.url,
    SEPAY_API_TOKEN: 'test-sepay-token',
    SEPAY_API_BASE: sepay.url,
    DATA_DIR: dataDir,
    POLL_CRON: pollCron,
  };
}
