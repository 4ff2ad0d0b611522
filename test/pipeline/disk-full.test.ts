import { execFileSync } from 'node:child_process';
import { mkdtemp, open, rm, rmdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { startFakeSepay } from '../../fakes/sepay/v1.js';
import { startHarness } from '../helpers/bot-harness.js';
import { freePort } from '../../fakes/free-port.js';
import { until } from '../helpers/until.js';

const SEPAY_KEY = 'sepay-webhook-key-for-tests';

/** A 1 MB tmpfs to fill up: needs root (CI runs as root) and a kernel that lets us mount. */
async function mountSmallDisk(): Promise<{ dir: string } | { skip: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bankbell-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'pipe' });
    return { dir };
  } catch (error) {
    await rmdir(dir);
    const why = error instanceof Error && 'stderr' in error ? String(error.stderr).trim() : String(error);
    return { skip: `cannot mount a tmpfs here (${why || 'not root?'}); run as root to test a real full disk` };
  }
}

const disk = await mountSmallDisk();
afterAll(() => {
  if ('dir' in disk) {
    execFileSync('umount', [disk.dir]);
    return rmdir(disk.dir);
  }
});

/** Fills the file system holding `dir` to the last byte; returns the filler to delete. */
async function fill(dir: string): Promise<string> {
  const filler = path.join(dir, 'filler');
  const handle = await open(filler, 'w');
  try {
    for (const size of [65_536, 4_096, 1]) {
      const chunk = Buffer.alloc(size, 1);
      for (;;) {
        const written = await handle.write(chunk).then(
          (r) => r.bytesWritten,
          () => 0,
        );
        if (written < size) break;
      }
    }
  } finally {
    await handle.close();
  }
  return filler;
}

async function post(port: number, body: unknown) {
  const res = await request(`http://127.0.0.1:${port}/webhooks/sepay`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', authorization: `Apikey ${SEPAY_KEY}` },
  });
  await res.body.dump();
  return res.statusCode;
}

async function healthz(port: number): Promise<{ status: string; state: { writable: boolean } }> {
  const res = await request(`http://127.0.0.1:${port}/healthz`);
  return (await res.body.json()) as { status: string; state: { writable: boolean } };
}

describe('a full disk under DATA_DIR (a real tmpfs)', () => {
  const title = 'keeps running, answers webhooks 5xx, and alerts every payment once when space is back';
  const run = 'dir' in disk ? it : it.skip;
  // Service notices (⚠️ / ✅) are printed to the console destination like alerts.
  const isNotice = (printed: string) => /^\s*(⚠️|✅)/.test(printed);
  run('dir' in disk ? title : `${title} — SKIPPED: ${disk.skip}`, async () => {
    if (!('dir' in disk)) return;
    const sepay = await startFakeSepay();
    sepay.addBankAccount({ accountNumber: '2222222222' });
    const [webhookPort, healthPort] = [await freePort(), await freePort()];
    const clock = { now: Date.now() };
    const h = await startHarness({
      dataDir: path.join(disk.dir, 'data'),
      sepay,
      env: { WEBHOOK_PORT: String(webhookPort), SEPAY_WEBHOOK_API_KEY: SEPAY_KEY, HEALTH_PORT: String(healthPort) },
      notices: { now: () => clock.now, checkMs: 20 },
    });
    try {
      await h.bot.pollNow();
      const deliveries = [1, 2, 3].map((n) => {
        const row = sepay.addTransaction({ accountNumber: '2222222222', amountIn: 10_000 * n, content: `DISKFULL-${n} DH` });
        return {
          id: Number(row.id),
          gateway: 'Vietcombank',
          transactionDate: row.transaction_date,
          accountNumber: '2222222222',
          subAccount: null,
          code: null,
          content: `DISKFULL-${n} DH`,
          transferType: 'in',
          transferAmount: 10_000 * n,
          accumulated: 0,
          referenceCode: row.reference_number,
          description: `BankAPINotify DISKFULL-${n} DH`,
        };
      });

      const filler = await fill(disk.dir);
      for (const delivery of deliveries) expect(await post(webhookPort, delivery)).toBeGreaterThanOrEqual(500);
      await h.bot.pollNow(); // a poll finds them too, and cannot store them either
      expect(await post(webhookPort, deliveries[0])).toBeGreaterThanOrEqual(500);
      expect(h.bot.store.writable).toBe(false);
      expect(await healthz(healthPort)).toMatchObject({ status: 'degraded', state: { writable: false } });
      expect(h.logs.filter((l) => l.includes('state.unwritable'))).toHaveLength(1);
      await h.bot.pollNow();
      expect(h.logs.filter((l) => / (ERROR|error) /.test(l) && !l.includes('webhook.request'))).toHaveLength(1);
      expect(h.logs.find((l) => l.includes('state.unwritable'))).toMatch(/free space/);
      // The chat is told once that alerts are held, not lost; no alert went out.
      await until(() => h.printed.length > 0, 5000, 'the notice');
      expect(h.printed).toEqual([expect.stringContaining('Các thông báo tiền vào đang được giữ lại, không bị mất')]);

      await rm(filler);
      // Past the ten minutes one problem may be told in, so its end is told at once.
      clock.now += 11 * 60_000;
      // SePay retries the deliveries it got 5xx for.
      for (const delivery of deliveries) expect(await post(webhookPort, delivery)).toBe(200);
      await h.bot.pollNow();
      await until(() => h.bot.store.outboxSize === 0 && h.printed.filter((p) => !isNotice(p)).length >= 3, 10_000, 'the held alerts');
      for (const n of [1, 2, 3]) expect(h.alertsMentioning(`DISKFULL-${n}`)).toBe(1);
      expect(h.printed.filter((p) => !isNotice(p))).toHaveLength(3);
      await until(() => h.printed.filter(isNotice).length === 2, 5000, 'the notice that it is over');
      expect(h.printed.filter(isNotice)[1]).toContain('ghi được dữ liệu trở lại');
      expect(h.logs.filter((l) => l.includes('state.writable_again'))).toHaveLength(1);
      expect((await healthz(healthPort)).state.writable).toBe(true);
    } finally {
      await h.stop();
      await sepay.close();
    }
  }, 30_000);
});
