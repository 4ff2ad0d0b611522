import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { ENV_VARIABLES } from '../../src/config/schema.js';

const examplePath = join(import.meta.dirname, '..', '..', '.env.example');
const lines = readFileSync(examplePath, 'utf8').split('\n');

/** The variables of INTERFACE.md ("Configuration: environment variables"). */
const INTERFACE_VARIABLES = [
  'CASSO_API_KEY',
  'SLACK_ADMIN_USER_IDS',
  'CASSO_API_BASE',
  'SEPAY_API_TOKEN',
  'SEPAY_API_BASE',
  'WATCH_ACCOUNTS',
  'TELEGRAM_BOT_TOKEN',
  'TELEGRAM_CHAT_IDS',
  'TELEGRAM_API_ROOT',
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'SLACK_CHANNEL_IDS',
  'SLACK_PORT',
  'SLACK_API_URL',
  'POLL_CRON',
  'DATA_DIR',
  'DATABASE_URL',
  'TZ_DISPLAY',
  'LOCALE',
  'LOG_LEVEL',
  'HEALTH_PORT',
  'SEPAY_API_VERSION',
  'WEBHOOK_PORT',
  'CASSO_WEBHOOK_SECRET',
  'CASSO_WEBHOOK_SECURE_TOKEN',
  'SEPAY_WEBHOOK_API_KEY',
  'QR_EXPIRY_MINUTES',
];

describe('.env.example', () => {
  it('the schema reads exactly the variables of the interface', () => {
    expect([...ENV_VARIABLES].sort()).toEqual([...INTERFACE_VARIABLES].sort());
  });

  it.each(INTERFACE_VARIABLES)('lists %s once, with a comment on the line above', (name) => {
    const at = lines.flatMap((line, index) => (new RegExp(`^#? *${name}=`).test(line) ? [index] : []));
    expect(at).toHaveLength(1);
    const above = lines[(at[0] ?? 0) - 1] ?? '';
    expect(above).toMatch(/^# \S/);
    expect(above).not.toMatch(/^#? *[A-Z_]+=/);
  });

  it('copied as .env, is valid except that no provider is on yet', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bankbell-example-'));
    try {
      copyFileSync(examplePath, join(dir, '.env'));
      const result = loadConfig({ cwd: dir, env: {} });
      expect(result.ok ? [] : result.error.problems.map((p) => p.variable)).toEqual(['CASSO_API_KEY or SEPAY_API_TOKEN']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('with its commented defaults switched on, gives the same configuration as without them', () => {
    const uncommented = lines.map((line) => line.replace(/^# ([A-Z_]+=)/, '$1')).join('\n');
    const dir = mkdtempSync(join(tmpdir(), 'bankbell-example-'));
    try {
      copyFileSync(examplePath, join(dir, '.env'));
      const plain = loadConfig({ cwd: dir, env: { CASSO_API_KEY: 'AK_CS.example' } });
      writeFileSync(join(dir, '.env'), uncommented);
      const withDefaults = loadConfig({ cwd: dir, env: { CASSO_API_KEY: 'AK_CS.example' } });
      expect(withDefaults).toEqual(plain);
      expect(plain.ok).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
