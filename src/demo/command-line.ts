import { COMMANDS } from '../commands/index.js';

/** What a line typed at the demo's prompt asks for. */
export type DemoInput =
  | { kind: 'command'; command: string; args: string }
  | { kind: 'exit' }
  | { kind: 'empty' }
  | { kind: 'unknown'; word: string };

const EXIT_WORDS = new Set(['exit', 'quit', 'q']);

/** `/find DH1042`, `find DH1042`, `/BALANCE`, `exit`: the slash is optional at a terminal. Pure. */
export function parseDemoLine(line: string): DemoInput {
  const trimmed = line.trim();
  if (trimmed === '') return { kind: 'empty' };
  const [, word = '', rest = ''] = /^\/?(\S+)\s*([\s\S]*)$/.exec(trimmed) ?? [];
  const name = word.toLowerCase();
  if (EXIT_WORDS.has(name)) return { kind: 'exit' };
  const command = COMMANDS.find((c) => c.name === name);
  return command === undefined ? { kind: 'unknown', word } : { kind: 'command', command: command.name, args: rest.trim() };
}
