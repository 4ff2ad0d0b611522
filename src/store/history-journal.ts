import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, stat, truncate, unlink } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { Transaction } from '../core/model.js';
import { vietnamDate } from '../core/vietnam-time.js';
import { StateFileError } from './errors.js';
import type { HistoryMark } from './state-schema.js';

/** One stored transaction and whether it is owed an alert. */
export const HistoryRecord = z.object({ tx: Transaction, alert: z.boolean(), storedAt: z.number() });
export type HistoryRecord = z.infer<typeof HistoryRecord>;

const FILE = /^(\d{4}-\d{2}-\d{2})\.jsonl$/;

/**
 * The searchable history, as append-only JSON-lines files, one per day of storage
 * (`history/2026-11-21.jsonl`). Appending costs only what is new, whatever the size of the
 * history; whole files are dropped when they age out. The small state file is the commit
 * point: it records how many bytes of the newest file are committed (`HistoryMark`), and
 * on open anything past that mark (a crash between the append and the state write) is cut
 * off, so a transaction is never "seen" without the outbox rows of the same commit.
 */
export class HistoryJournal {
  private constructor(
    private readonly dir: string,
    private mark: HistoryMark | null,
  ) {}

  /** Repairs the journal to `mark`, drops files older than `retentionDays`, and loads it. */
  static async open(
    dir: string,
    mark: HistoryMark | null,
    options: { retentionDays: number; now: Date },
  ): Promise<{ journal: HistoryJournal; records: HistoryRecord[] }> {
    await mkdir(dir, { recursive: true });
    const oldest = vietnamDate(new Date(options.now.getTime() - options.retentionDays * 86_400_000));
    const files = (await readdir(dir)).filter((f) => FILE.test(f)).sort();
    const records: HistoryRecord[] = [];
    for (const file of files) {
      const full = path.join(dir, file);
      if (mark === null || file > mark.file) {
        await unlink(full); // written after the last commit: never happened
        continue;
      }
      if (file === mark.file) {
        const { size } = await stat(full);
        if (size < mark.size) {
          throw new StateFileError(
            full,
            `is shorter (${size} bytes) than the state records (${mark.size})`,
            'The data directory was changed by hand or restored partly; restore it whole from a backup',
          );
        }
        if (size > mark.size) await truncate(full, mark.size);
      } else if (file.slice(0, 10) < oldest) {
        await unlink(full);
        continue;
      }
      await readRecords(full, (record) => records.push(record));
    }
    return { journal: new HistoryJournal(dir, mark), records };
  }

  /** Appends records to today's file and returns the mark to commit with them. */
  async append(records: readonly HistoryRecord[], now: Date): Promise<HistoryMark> {
    const file = `${vietnamDate(now)}.jsonl`;
    const text = records.map((r) => `${JSON.stringify(r)}\n`).join('');
    const base = this.mark && this.mark.file === file ? this.mark.size : 0;
    // Synced before the state commit names it, so a committed mark never points past the data.
    const handle = await open(path.join(this.dir, file), 'a');
    try {
      await handle.write(text);
      await handle.datasync();
    } finally {
      await handle.close();
    }
    this.mark = { file, size: base + Buffer.byteLength(text) };
    return this.mark;
  }
}

/**
 * Streams one day file line by line: a history of 100 000 transactions never sits in memory
 * as one string. Values that repeat on every line (bank, account, provider) are shared.
 */
async function readRecords(file: string, onRecord: (record: HistoryRecord) => void): Promise<void> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  const intern = interner();
  let number = 0;
  for await (const line of lines) {
    number++;
    if (!line) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (cause) {
      throw new StateFileError(file, `line ${number} is not JSON`, 'Restore the file from a backup or remove that line', {
        cause,
      });
    }
    const record = HistoryRecord.safeParse(parsed);
    if (!record.success) {
      throw new StateFileError(file, `line ${number} is not a stored transaction`, 'Restore the file from a backup', {
        cause: record.error,
      });
    }
    const { tx } = record.data;
    tx.bank = intern(tx.bank);
    tx.accountNumber = intern(tx.accountNumber);
    onRecord(record.data);
  }
}

function interner(): (value: string) => string {
  const seen = new Map<string, string>();
  return (value) => {
    const known = seen.get(value);
    if (known !== undefined) return known;
    seen.set(value, value);
    return value;
  };
}
