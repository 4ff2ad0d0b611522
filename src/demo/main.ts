import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startBot, type RunningBot } from '../app/start-bot.js';
import { PLUGINS } from '../app/plugins.js';
import { parseConfig } from '../config/parse-config.js';
import { wordsOf } from '../core/command.js';
import { createLogger } from '../log/logger.js';
import { toPlainText } from '../render/plain-text.js';
import { demoBanner, stoppingMessage, unknownCommand } from './banner.js';
import { parseDemoLine } from './command-line.js';
import { createDemoQr } from './demo-qr.js';
import { saveFile } from './save-file.js';
import { DEMO_QUIET_EVENTS, withoutEvents } from './demo-logger.js';
import { createTrafficPlan, DEMO_ACCOUNTS, seedHistory } from './scenario.js';
import { startSimulatedBank } from './simulated-bank.js';
import { openTerminal } from './terminal.js';
import { startTraffic } from './traffic.js';

const POLL_SECONDS = 2;
/** How long the demo's customer takes to pay a /qr request. */
const QR_PAY_AFTER_MS = 5_000;

/**
 * `npm run demo`: the real bot against the simulated Casso and SePay on loopback, alerts
 * printed here, commands typed at a prompt. Everything it creates is removed at exit.
 */
async function main(): Promise<number> {
  const stop = deferred();
  process.once('SIGINT', stop.resolve);
  process.once('SIGTERM', stop.resolve);
  // Undone in reverse order at exit, whatever happened.
  const cleanups: (() => Promise<void>)[] = [];
  try {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'bankbell-demo-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));

    const bank = await startSimulatedBank(DEMO_ACCOUNTS);
    cleanups.push(() => bank.close());
    const seeds = seedHistory(new Date(), Math.random);
    for (const tx of seeds) bank.book(tx);

    const parsed = parseConfig(
      {
        ...bank.env,
        DATA_DIR: dataDir,
        POLL_CRON: `*/${POLL_SECONDS} * * * * *`,
        LOCALE: process.env.LOCALE,
        TZ_DISPLAY: process.env.TZ_DISPLAY,
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      },
      PLUGINS,
    );
    if (!parsed.ok) {
      process.stderr.write(`${parsed.error.message}\n`);
      return 1;
    }
    const config = parsed.value;
    const locale = config.locale;

    const bot = deferredValue<RunningBot>();
    const demoQr = deferredValue<ReturnType<typeof createDemoQr>>();
    const terminal = openTerminal({
      prompt: '> ',
      onEnd: stop.resolve,
      async onLine(line) {
        const input = parseDemoLine(line);
        if (input.kind === 'exit') return stop.resolve();
        if (input.kind === 'unknown') terminal.print(unknownCommand(locale, input.word));
        if (input.kind === 'command' && input.command === 'qr') {
          try {
            await (await demoQr.promise).answer(input.args);
          } catch (error) {
            terminal.print(`/qr failed: ${String(error)}`);
          }
        } else if (input.kind === 'command') {
          const running = await bot.promise;
          try {
            // The person at the prompt owns the terminal the alerts print in, so its rules are theirs to change.
            const answer = await running.answer({
              command: input.command,
              args: input.args,
              chatId: 'console',
              allowed: true,
              platform: 'console',
              userName: 'demo',
              mayChange: async () => true,
            });
            // A file goes with the demo's data, which is removed at exit like everything else it made.
            const shown = answer.kind === 'file' ? `${toPlainText(answer.file.caption)}\n${await saveFile(answer.file, dataDir)}` : toPlainText(wordsOf(answer));
            terminal.print(`\n${shown}\n`);
            // An answer that changes (a /check waiting) is printed anew when it does.
            if (answer.kind === 'live') await answer.placed('console');
          } catch (error) {
            terminal.print(`/${input.command} failed: ${String(error)}`);
          }
        }
        terminal.prompt();
      },
    });
    cleanups.push(async () => terminal.close());
    terminal.print(
      demoBanner(locale, { accounts: DEMO_ACCOUNTS, seeded: seeds.length, pollSeconds: POLL_SECONDS, dataDir, reading: terminal.reading }),
    );

    const logger = withoutEvents(
      createLogger({ level: config.logLevel, secrets: config.secrets, write: terminal.print }),
      DEMO_QUIET_EVENTS,
    );
    const running = await startBot(config, { logger, print: (text) => terminal.print(text.replace(/\n$/, '')) });
    cleanups.push(() => running.stop());
    // The first cycle records the seeded history as seen; only what comes after is alerted.
    await running.pollNow();
    bot.resolve(running);
    const qr = createDemoQr({ bot: running, accounts: DEMO_ACCOUNTS, print: terminal.print, book: bank.book, payAfterMs: QR_PAY_AFTER_MS });
    cleanups.push(async () => qr.stop());
    demoQr.resolve(qr);

    const traffic = startTraffic({
      plan: createTrafficPlan(Math.random),
      book: bank.book,
      firstDelayMs: 500,
      nextDelayMs: () => 3_000 + Math.random() * 3_000,
      onError: (error) => logger.error('demo.traffic_failed', { error: String(error) }),
    });
    cleanups.push(async () => traffic.stop());
    terminal.prompt();

    await stop.promise;
    terminal.close();
    terminal.print(stoppingMessage(locale));
    return 0;
  } finally {
    // A second Ctrl-C while cleaning up means "now".
    process.once('SIGINT', () => process.exit(130));
    process.once('SIGTERM', () => process.exit(143));
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error: unknown) => process.stderr.write(`demo cleanup failed: ${String(error)}\n`));
    }
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  const { promise, resolve } = deferredValue<void>();
  return { promise, resolve: () => resolve(undefined) };
}

function deferredValue<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bankbell demo crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
