import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { parseEnvFile } from '../../src/config/env-file.js';
import { byName, PLUGINS } from '../helpers/plugin-config.js';
import { SECRETS, expectNoSecretIn } from './secrets.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bankbell-config-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const writeEnv = (text: string) => writeFileSync(join(dir, '.env'), text);

function loaded(env: NodeJS.ProcessEnv = {}) {
  const result = loadConfig({ cwd: dir, env, plugins: PLUGINS });
  if (!result.ok) throw new Error(`expected a valid configuration, got:\n${result.error.message}`);
  return byName(result.value);
}

function failed(env: NodeJS.ProcessEnv = {}) {
  const result = loadConfig({ cwd: dir, env, plugins: PLUGINS });
  if (result.ok) throw new Error('expected an invalid configuration');
  return result.error;
}

describe('loadConfig', () => {
  it('reads .env, and the real environment wins over it', () => {
    writeEnv(
      [
        '# shop settings',
        `CASSO_API_KEY=${SECRETS.CASSO_API_KEY}`,
        'LOCALE=en',
        'POLL_CRON="*/30 * * * * *"',
        'LOG_LEVEL=debug',
        '',
      ].join('\n'),
    );
    const config = loaded({ LOCALE: 'vi', LOG_LEVEL: 'warn', PATH: '/usr/bin' });
    expect(config.casso.api?.apiKey).toBe(SECRETS.CASSO_API_KEY);
    expect(config.pollCron).toBe('*/30 * * * * *');
    expect(config.locale).toBe('vi');
    expect(config.logLevel).toBe('warn');
  });

  it('works without a .env file', () => {
    expect(loaded({ SEPAY_API_TOKEN: SECRETS.SEPAY_API_TOKEN }).sepay.api?.apiBase).toBe('https://my.sepay.vn');
  });

  it('lets a .env value stand when the real variable is empty or blank', () => {
    writeEnv(`CASSO_API_KEY=${SECRETS.CASSO_API_KEY}\nLOCALE=en\n`);
    const config = loaded({ CASSO_API_KEY: '', LOCALE: '  ' });
    expect(config.casso.api?.apiKey).toBe(SECRETS.CASSO_API_KEY);
    expect(config.locale).toBe('en');
  });

  it('treats FOO= in .env as unset', () => {
    writeEnv(`SEPAY_API_TOKEN=${SECRETS.SEPAY_API_TOKEN}\nCASSO_API_KEY=\nHEALTH_PORT=\nTELEGRAM_BOT_TOKEN=   \n`);
    const config = loaded();
    expect(config.casso.api).toBeNull();
    expect(config.healthPort).toBeNull();
    expect(config.telegram).toBeNull();
  });

  it('resolves DATA_DIR against the working directory, and keeps absolute ones', () => {
    expect(loaded({ CASSO_API_KEY: SECRETS.CASSO_API_KEY }).dataDir).toBe(join(dir, 'data'));
    expect(loaded({ CASSO_API_KEY: SECRETS.CASSO_API_KEY, DATA_DIR: 'state/bell' }).dataDir).toBe(join(dir, 'state', 'bell'));
    expect(loaded({ CASSO_API_KEY: SECRETS.CASSO_API_KEY, DATA_DIR: '/var/lib/bankbell' }).dataDir).toBe('/var/lib/bankbell');
  });

  it('reads a .env saved with a BOM and Windows line ends', () => {
    writeEnv(`\uFEFFCASSO_API_KEY=${SECRETS.CASSO_API_KEY}\r\nLOCALE=en\r\n`);
    expect(loaded()).toMatchObject({ casso: { api: { apiKey: SECRETS.CASSO_API_KEY } }, locale: 'en' });
  });

  it('reports a .env that cannot be read, together with the other problems', () => {
    mkdirSync(join(dir, '.env'));
    const error = failed({ LOCALE: 'fr' });
    expect(error.problems.map((p) => p.variable)).toEqual(['.env', 'LOCALE', 'CASSO_API_KEY or SEPAY_API_TOKEN']);
    expect(error.problems[0]?.problem).toContain('cannot be read (EISDIR)');
  });

  it('reports mistyped .env lines by number without printing them, and fails even if the rest is valid', () => {
    writeEnv(
      [
        `CASSO_API_KEY=${SECRETS.CASSO_API_KEY}`,
        '# Telegram',
        `TELEGRAM_BOT_TOKEN ${SECRETS.TELEGRAM_BOT_TOKEN}`,
        `SLACK BOT TOKEN=${SECRETS.SLACK_BOT_TOKEN}`,
        'LOCALE=en',
      ].join('\n'),
    );
    const error = failed();
    expect(error.problems).toEqual([expect.objectContaining({ variable: '.env', problem: 'lines 3, 4 are not NAME=value' })]);
    expectNoSecretIn(error.message);
  });
});

describe('parseEnvFile', () => {
  it('keeps the variable that follows a mistyped line', () => {
    expect(parseEnvFile('junk\n# note\nLOCALE=en\n')).toEqual({
      values: { LOCALE: 'en' },
      problems: [expect.objectContaining({ problem: 'line 1 is not NAME=value' })],
    });
  });

  it('accepts comments, quotes, export and multi-line quoted values', () => {
    const file = parseEnvFile('# c\nexport LOCALE=en\nPOLL_CRON=\'*/5 * * * *\'\nA="x\ny"\nB=1 # trailing\n');
    expect(file).toEqual({ values: { LOCALE: 'en', POLL_CRON: '*/5 * * * *', A: 'x\ny', B: '1' }, problems: [] });
  });
});
