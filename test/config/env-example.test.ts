import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { envVariables } from '../../src/config/schema.js';
import { PLUGINS } from '../helpers/plugin-config.js';

const root = join(import.meta.dirname, '..', '..');
const examplePath = join(root, '.env.example');
const lines = readFileSync(examplePath, 'utf8').split('\n');

/** Every variable the bot reads: those of each provider's and chat's config part, and the shared ones. */
const VARIABLES = envVariables(PLUGINS);

/** The variables the README's configuration table documents for operators. */
const README_VARIABLES = (() => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Configuration\n'), readme.indexOf('\n## ', readme.indexOf('\n## Configuration\n') + 1));
  return [...section.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1] ?? '');
})();

describe('.env.example', () => {
  it('the bot reads exactly the variables the README documents, each owned by one part', () => {
    expect(VARIABLES.length).toBeGreaterThan(20);
    expect([...VARIABLES].sort()).toEqual([...README_VARIABLES].sort());
    expect(new Set(VARIABLES).size).toBe(VARIABLES.length);
  });

  it.each(VARIABLES)('lists %s once, with a comment on the line above', (name) => {
    const at = lines.flatMap((line, index) => (new RegExp(`^#? *${name}=`).test(line) ? [index] : []));
    expect(at).toHaveLength(1);
    const above = lines[(at[0] ?? 0) - 1] ?? '';
    expect(above).toMatch(/^# \S/);
    expect(above).not.toMatch(/^#? *[A-Z_]+=/);
  });

  it('lists no variable the bot does not read', () => {
    const listed = lines.flatMap((line) => /^#? *([A-Z][A-Z0-9_]*)=/.exec(line)?.[1] ?? []);
    expect(listed.filter((name) => !VARIABLES.includes(name))).toEqual([]);
  });

  it('copied as .env, is valid except that no provider is on yet', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bankbell-example-'));
    try {
      copyFileSync(examplePath, join(dir, '.env'));
      const result = loadConfig({ cwd: dir, env: {}, plugins: PLUGINS });
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
      const plain = loadConfig({ cwd: dir, env: { CASSO_API_KEY: 'AK_CS.example' }, plugins: PLUGINS });
      writeFileSync(join(dir, '.env'), uncommented);
      const withDefaults = loadConfig({ cwd: dir, env: { CASSO_API_KEY: 'AK_CS.example' }, plugins: PLUGINS });
      expect(withDefaults).toEqual(plain);
      expect(plain.ok).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
