import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import type { ConfigProblem } from './config-error.js';

/** What a .env file yields: its variables, and what is wrong with the file itself. */
export interface EnvFile {
  values: Record<string, string>;
  problems: ConfigProblem[];
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Reads a .env file; a missing one is simply empty, an unreadable one is a problem. */
export function readEnvFile(path: string): EnvFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { values: {}, problems: [] };
    return {
      values: {},
      problems: [
        {
          variable: '.env',
          problem: `${path} cannot be read (${code ?? String(error)})`,
          fix: 'make it a file readable by the user running the bot, or remove it',
        },
      ],
    };
  }
  return parseEnvFile(text);
}

/**
 * Parses .env text with Node's own parser, and reports lines it could not make sense of by
 * line number only: a mistyped line may well be a pasted secret.
 */
export function parseEnvFile(text: string): EnvFile {
  const clean = text.replace(/^\uFEFF/, ''); // Windows editors add a BOM, which Node keeps in the first name
  const lines = clean.split('\n');
  const values: Record<string, string> = {};
  const badLines = new Set<number>();
  for (const [key, value] of Object.entries(parseEnv(clean))) {
    if (value === undefined) continue;
    // Node folds lines without "=" into the name of the next assignment ("junk\nFOO=1" sets
    // "junk\nFOO"): the last segment is the real name, the others are mistyped lines.
    const segments = key.split('\n').map((segment) => segment.trim());
    const name = segments.pop() ?? '';
    for (const segment of segments) {
      if (segment !== '' && !segment.startsWith('#')) badLines.add(lineNumberOf(lines, segment));
    }
    if (VARIABLE_NAME.test(name)) values[name] = value;
    else badLines.add(lineNumberOf(lines, name));
  }
  const numbers = [...badLines].sort((a, b) => a - b);
  const problems: ConfigProblem[] =
    numbers.length === 0
      ? []
      : [
          {
            variable: '.env',
            problem: `${numbers.length === 1 ? 'line' : 'lines'} ${numbers.join(', ')} ${numbers.length === 1 ? 'is' : 'are'} not NAME=value`,
            fix: 'write each setting as NAME=value on its own line (letters, digits and _ in the name), and start comments with #',
          },
        ];
  return { values, problems };
}

function lineNumberOf(lines: readonly string[], segment: string): number {
  return lines.findIndex((line) => line.trim().replace(/^export\s+/, '').startsWith(segment)) + 1;
}
