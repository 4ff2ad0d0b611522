import type { CommandAnswer, CommandRequest } from '../core/command.js';
import { answerFrom } from './answer-command.js';
import { balance, type BalanceDeps } from './balance/index.js';
import type { Command } from './command.js';
import { counter, type CounterDeps } from './counter/index.js';
import { exportCsv, type ExportDeps } from './export/index.js';
import { find, type FindDeps } from './find/index.js';
import { help, start } from './help/index.js';
import { qr, type QrDeps } from './qr/index.js';
import { report, type ReportDeps } from './report/index.js';
import { ruleCommands, settings, type RulesDeps } from './rules/index.js';
import { test, type TestDeps } from './test/index.js';

/** What the commands need, all of them together: the app fills it once. */
export type CommandDeps = BalanceDeps & FindDeps & ReportDeps & ExportDeps & TestDeps & QrDeps & CounterDeps & RulesDeps;

/**
 * Every chat command bankbell answers, in the order `/help` and the command menus list them.
 * Adding one is a folder beside these and a line here (and its entry in slack-manifest.yml).
 */
export const COMMANDS: readonly Command<CommandDeps>[] = [balance, find, report, exportCsv, test, qr, counter, settings, ...ruleCommands, help, start];

/** Answers a command as the asking chat's rules and rights say; a command it does not have gets the help. */
export function answerCommand(request: CommandRequest, deps: CommandDeps): Promise<CommandAnswer> {
  return answerFrom({ commands: COMMANDS, fallback: help }, request, deps);
}
