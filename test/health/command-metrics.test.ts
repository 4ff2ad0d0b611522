import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import type { CommandRequest } from '../../src/commands/answer-command.js';
import { startFakeCasso } from '../../fakes/casso/server.js';
import { startHarness } from '../helpers/bot-harness.js';
import { freePort } from '../../fakes/free-port.js';
import { tempDir } from '../helpers/temp-dir.js';
import { closedAfterEach } from '../helpers/closers.js';

const closers = closedAfterEach();

describe('/metrics', () => {
  it('counts the reports and exports answered, and the rows exported', async () => {
    const casso = await startFakeCasso();
    closers.push(casso);
    const account = casso.addAccount({ accountNumber: '1111111111' }).id;
    casso.addTransaction(account, { amount: 1_000, description: 'METRICS-1' });
    casso.addTransaction(account, { amount: 2_000, description: 'METRICS-2' });
    const port = await freePort();
    const h = await startHarness({ dataDir: await tempDir(), casso, env: { HEALTH_PORT: String(port) } });
    await h.bot.pollNow();

    const ask = (command: CommandRequest['command'], args: string) =>
      h.bot.answer({ command, args, chatId: 'console', allowed: true, platform: 'console' });
    expect((await ask('export', 'metrics')).kind).toBe('file');
    expect((await ask('export', 'metrics-1')).kind).toBe('file');
    // No match: answered with a text, not counted as an export.
    expect((await ask('export', 'nothing-like-it')).kind).toBe('text');
    await ask('report', '');

    const res = await request(`http://127.0.0.1:${port}/metrics`);
    const body = await res.body.text();
    expect(body).toContain('\nbankbell_reports_total 1\n');
    expect(body).toContain('\nbankbell_exports_total 2\n');
    expect(body).toContain('\nbankbell_exported_rows_total 3\n');
  });
});
