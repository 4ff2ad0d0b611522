import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeCasso, type FakeCasso } from '../../fakes/casso/server.js';
import { spawnBot, waitForOutput, type ChildBot } from '../helpers/child-bot.js';
import { freePort } from '../../fakes/free-port.js';
import { POSTGRES_MISSING, startPostgres, type PostgresServer } from '../../fakes/postgres-server.js';
import { occurrences as count, repeatedMessages } from '../helpers/repeated-messages.js';
import { until } from '../helpers/until.js';

let server: PostgresServer;
const children: ChildBot[] = [];
const fakes: FakeCasso[] = [];
let feeding: NodeJS.Timeout | undefined;
afterEach(async () => {
  clearInterval(feeding);
  for (const child of children.splice(0)) {
    child.process.kill('SIGCONT');
    child.process.kill('SIGKILL');
  }
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const alive = (bot: ChildBot) => bot.process.exitCode === null && bot.process.signalCode === null;

/** A bot of a cluster, with the port its /healthz answers on. */
interface ClusterBot extends ChildBot {
  healthPort: number;
}

/** Whether the bot says it leads (its /healthz), or null when it does not answer. */
async function leads(bot: ClusterBot): Promise<boolean | null> {
  try {
    const answer = await request(`http://127.0.0.1:${bot.healthPort}/healthz`, { headersTimeout: 2_000, bodyTimeout: 2_000 });
    const body = (await answer.body.json()) as { leader?: { leading?: boolean } };
    return body.leader?.leading ?? null;
  } catch {
    return null;
  }
}

/** Bots on one database, a Casso that keeps receiving payments, and what they printed. */
async function cluster(size: number) {
  const casso = await startFakeCasso();
  fakes.push(casso);
  const account = casso.addAccount({ accountNumber: '1111111111' }).id;
  const env = {
    CASSO_API_KEY: casso.apiKey,
    CASSO_API_BASE: casso.url,
    DATABASE_URL: await server.createDatabase(),
    POLL_CRON: '* * * * * *',
    LOG_LEVEL: 'info',
  };
  const start = async (): Promise<ClusterBot> => {
    const healthPort = await freePort();
    const child = spawnBot({ ...env, HEALTH_PORT: String(healthPort) });
    children.push(child);
    return { ...child, healthPort };
  };
  // The first bot leads and records what exists as seen before the others come.
  const bots = [await start()];
  await waitForOutput(bots[0]!, 'leader.elected', 30_000);
  const polls = () => casso.requests.filter((r) => r.path.endsWith('/transactions')).length;
  await until(() => polls() >= 2, 20_000, 'two polls');
  for (let i = 1; i < size; i++) bots.push(await start());
  for (const bot of bots.slice(1)) await waitForOutput(bot, 'bot.started', 30_000);
  const codes: string[] = [];
  const pay = () => {
    const code = `HAPAY-${String(codes.length).padStart(3, '0')}-X`;
    codes.push(code);
    casso.addTransaction(account, { amount: 1_000 + codes.length, description: code });
  };
  const output = () => bots.map((b) => b.output()).join('');
  // A bot leads from its last `leader.elected` until a `leader.lost` after it.
  const leaders = () => bots.filter((b) => alive(b) && count(b.output(), 'leader.elected') > count(b.output(), 'leader.lost'));
  return { bots, codes, pay, output, leaders };
}

describe.skipIf(POSTGRES_MISSING !== null)(`several bots on one PostgreSQL database${POSTGRES_MISSING === null ? '' : ` (skipped: ${POSTGRES_MISSING})`}`, () => {
  beforeAll(async () => {
    server = await startPostgres();
  }, 30_000);
  afterAll(() => server?.stop());

  it('three bots: the leader killed with SIGKILL twice in a burst; a standby takes over within 15 s, nothing is lost, at most one repeat per kill', async () => {
    const { bots, codes, pay, output, leaders } = await cluster(3);
    feeding = setInterval(pay, 100);
    const takeovers: number[] = [];
    for (let kill = 0; kill < 2; kill++) {
      await sleep(1_000 + Math.random() * 1_000);
      const [leader] = leaders();
      expect(leaders()).toHaveLength(1);
      leader!.process.kill('SIGKILL');
      const killedAt = Date.now();
      await leader!.exited;
      await until(() => leaders().length === 1, 15_000, 'a new leader');
      takeovers.push(Date.now() - killedAt);
    }
    await sleep(1_000);
    clearInterval(feeding);
    for (const code of codes) await until(() => output().includes(code), 30_000, code);
    const all = output();
    // At most the message on its way at each kill (a digest of consecutive payments), each shown at most twice.
    const repeats = repeatedMessages(all, codes);
    expect(repeats.longest, `repeated: ${repeats.codes.join(' ')}`).toBeLessThanOrEqual(50);
    expect(repeats.messages, `repeated: ${repeats.codes.join(' ')}`).toBeLessThanOrEqual(2);
    expect(repeats.mostShown).toBeLessThanOrEqual(2);
    expect(codes.length).toBeGreaterThan(20);
    for (const ms of takeovers) expect(ms).toBeLessThan(15_000);
    // Standbys printed no alert while they stood by: every code was printed by one leader at a time.
    expect(bots.filter((b) => count(b.output(), 'leader.elected') === 0).every((b) => !b.output().includes('HAPAY-'))).toBe(true);
    console.log(`takeover after SIGKILL of the leader: ${takeovers.join(' ms, ')} ms`);
  }, 120_000);

  it('a leader paused with SIGSTOP is replaced within 15 s; resumed, it sends nothing, stays up as a standby, and leads again when the new leader dies', async () => {
    const { bots, codes, pay, output, leaders } = await cluster(2);
    const [old, standby] = bots as [ClusterBot, ClusterBot];
    feeding = setInterval(pay, 100);
    await sleep(1_500);
    old.process.kill('SIGSTOP');
    const pausedAt = Date.now();
    await waitForOutput(standby, 'leader.elected', 15_000);
    const takeover = Date.now() - pausedAt;
    await sleep(1_000);
    const before = old.output().length;
    old.process.kill('SIGCONT');
    await until(() => old.output().slice(before).includes('leader.lost'), 10_000, 'the resumed leader noticing it was replaced');
    await sleep(3_000);
    expect(alive(old)).toBe(true);
    expect(await leads(old)).toBe(false);
    expect(await leads(standby)).toBe(true);
    const asStandby = old.output().slice(before);
    expect(asStandby).not.toMatch(/HAPAY-/);
    expect(asStandby).not.toContain('leader.elected');

    // It contends again: the new leader dies, and the old one takes over.
    standby.process.kill('SIGKILL');
    await until(() => leaders().length === 1 && leaders()[0] === old, 15_000, 'the resumed bot leading again');
    await sleep(1_000);
    clearInterval(feeding);
    for (const code of codes) await until(() => output().includes(code), 30_000, code);
    const all = output();
    // At most the message on its way at each change of leader.
    const repeats = repeatedMessages(all, codes);
    expect(repeats.longest, `repeated: ${repeats.codes.join(' ')}`).toBeLessThanOrEqual(50);
    expect(repeats.messages, `repeated: ${repeats.codes.join(' ')}`).toBeLessThanOrEqual(2);
    expect(repeats.mostShown).toBeLessThanOrEqual(2);
    expect(takeover).toBeLessThan(15_000);
    console.log(`takeover after SIGSTOP of the leader: ${takeover} ms`);
  }, 120_000);

  it('two bots ride out a PostgreSQL restart: both stay up, one leads again, and payments made meanwhile are alerted once within 30 s', async () => {
    const { bots, codes, pay, output, leaders } = await cluster(2);
    feeding = setInterval(pay, 100);
    await sleep(1_500);
    await server.down();
    const downAt = codes.length;
    await sleep(15_000);
    const duringOutage = codes.slice(downAt);
    await server.up();
    const backAt = Date.now();
    await until(() => duringOutage.every((code) => output().includes(code)), 30_000, 'the payments made while the database was down');
    const caughtUp = Date.now() - backAt;
    await until(() => leaders().length === 1, 15_000, 'one leader');
    await sleep(1_000);
    clearInterval(feeding);
    for (const code of codes) await until(() => output().includes(code), 30_000, code);
    expect(bots.every(alive)).toBe(true);
    expect(await Promise.all(bots.map(leads))).toEqual(expect.arrayContaining([true, false]));
    const all = output();
    for (const code of duringOutage) expect(count(all, code)).toBe(1);
    // At most the message on its way when the database went away, shown again by the next leader.
    const repeats = repeatedMessages(all, codes);
    expect(repeats.longest, `repeated: ${repeats.codes.join(' ')}`).toBeLessThanOrEqual(50);
    expect(repeats.messages, `repeated: ${repeats.codes.join(' ')}`).toBeLessThanOrEqual(1);
    expect(repeats.mostShown).toBeLessThanOrEqual(2);
    expect(duringOutage.length).toBeGreaterThan(50);
    expect(caughtUp).toBeLessThan(30_000);
    console.log(`payments made during a 15 s database outage alerted ${caughtUp} ms after it was back`);
  }, 150_000);
});
