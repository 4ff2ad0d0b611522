import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FileAnswer } from '../core/command.js';

/** Writes a command's file into `dir` as it is made, and returns its path. */
export async function saveFile(file: FileAnswer, dir: string): Promise<string> {
  const target = path.join(dir, path.basename(file.name));
  await pipeline(Readable.from(file.bytes(), { objectMode: false }), createWriteStream(target));
  return target;
}
