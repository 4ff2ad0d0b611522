import { readFile, truncate } from 'node:fs/promises';
import type { z } from 'zod';
import { StateFileError } from '../errors.js';
import { isCode } from './store-fs.js';

/**
 * Reads an append-only JSON-lines journal as the store left it: each whole line parsed with
 * `schema`, and whatever follows the last newline (a line torn by a crash: it never happened)
 * cut off the file. A missing file is an empty journal. `size` is the bytes of whole lines,
 * where the next append goes.
 */
export async function readJsonLines<S extends z.ZodType>(file: string, schema: S, what: string): Promise<{ entries: z.output<S>[]; size: number }> {
  const text = await readFile(file, 'utf8').catch((error: unknown) => {
    if (isCode(error, 'ENOENT')) return '';
    throw error;
  });
  const whole = text.slice(0, text.lastIndexOf('\n') + 1);
  if (whole.length < text.length) await truncate(file, Buffer.byteLength(whole));
  const entries: z.output<S>[] = [];
  whole.split('\n').forEach((line, index) => {
    if (line === '') return;
    const entry = schema.safeParse(parseJson(line));
    if (!entry.success) throw new StateFileError(file, `line ${index + 1} is not ${what}`, 'Restore the file from a backup or remove that line');
    entries.push(entry.data);
  });
  return { entries, size: Buffer.byteLength(whole) };
}

function parseJson(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
}
