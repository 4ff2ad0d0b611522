import { join, resolve } from 'node:path';
import { err, ok, type Result } from '../core/result.js';
import { ConfigError } from './config-error.js';
import { readEnvFile } from './env-file.js';
import { parseConfig } from './parse-config.js';
import type { Config, Plugins } from './schema.js';

/**
 * Reads `<cwd>/.env` (if any) and the real environment, which wins. A blank real variable does
 * not hide the .env value: `FOO=${FOO}` in a compose file yields "" when the host lacks FOO, and
 * the operator still means the .env value.
 */
export function loadConfig(options: { cwd: string; env: NodeJS.ProcessEnv; plugins: Plugins }): Result<Config, ConfigError> {
  const file = readEnvFile(join(options.cwd, '.env'));
  const real = Object.fromEntries(Object.entries(options.env).filter(([, value]) => value !== undefined && value.trim() !== ''));
  const parsed = parseConfig({ ...file.values, ...real }, options.plugins);
  if (file.problems.length > 0) {
    return err(new ConfigError([...file.problems, ...(parsed.ok ? [] : parsed.error.problems)]));
  }
  if (!parsed.ok) return parsed;
  return ok({ ...parsed.value, dataDir: resolve(options.cwd, parsed.value.dataDir) });
}
