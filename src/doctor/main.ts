import { PLUGINS } from '../app/plugins.js';
import { loadConfig } from '../config/load-config.js';
import { renderReport } from './render-report.js';
import { runDoctor } from './run-doctor.js';

/** `npm run doctor`: check the real configuration without sending alerts; exit 0 only if nothing FAILed. */
async function main(): Promise<number> {
  const loaded = loadConfig({ cwd: process.cwd(), env: process.env, plugins: PLUGINS });
  if (!loaded.ok) {
    process.stderr.write(`${loaded.error.message}\n`);
    return 1;
  }
  process.stdout.write('bankbell doctor: checking the configuration (.env and the environment); nothing is sent to any chat.\n\n');
  const report = await runDoctor(loaded.value);
  process.stdout.write(renderReport(report.rows, { width: process.stdout.isTTY ? process.stdout.columns : Infinity }));
  return report.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bankbell doctor crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
