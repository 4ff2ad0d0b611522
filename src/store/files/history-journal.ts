import { createReadStream } from 'node:fs';
import { readdir, stat, truncate, unlink } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { Transaction } from '../../core/model.js';
import { vietnamDate } from '../../core/zoned-time.js';
import { StateFileError } from '../errors.js';
import { RequestAnswer } from '../state-schema.js';
import { DIR_MODE, jsonLines, writeAtSynced, type StoreFs } from './store-fs.js';

/**
 * One stored transaction, whether it is owed an alert, and the /qr request it answered (absent:
 * none, or written before answers were recorded; see src/store/files/file-store.ts).
 */
export const HistoryRecord = z.object({ tx: Transaction, alert: z.boolean(), storedAt: z.number(), answered: RequestAnswer.optional() });
export type HistoryRecord = z.infer<typeof HistoryRecord>;

/** How far the history journal is committed: bytes of `file` that the state file accounts for. */
export const HistoryMark = z.object({ file: z.string(), size: z.number().int().nonnegative() });
export type HistoryMark = z.infer<typeof HistoryMark>;

const FILE = /^(\d{4}-\d{2}-\d{2})\.jsonl$/;

/** The records of one day file. */
export interface DayFile {
  file: string;
  records: HistoryRecord[];
}

/**
 * The searchable history, as append-only JSON-lines files, one per day of storage
 * (`history/2026-11-21.jsonl`). Appending costs only what is new, whatever the size of the
 * history; whole files are dropped when they age out. The small state file is the commit
 * point: it records how many bytes of the newest file are committed (`HistoryMark`). Every
 * append is written at that mark, not at the file's end, so bytes of a commit that failed
 * are overwritten by the next one, and on open anything past the mark is cut off: a
 * transaction is never "seen" without the outbox rows of the same commit.
 *
 * File names never go backwards: a new file is started only for a later day than the
 * marked one, so a clock stepped back keeps appending to the newest file rather than
 * reusing (or, at the next start, deleting) an older one.
 */
export class HistoryJournal {
  private constructor(
    private readonly dir: string,
    private readonly fsys: StoreFs,
    private readonly retentionDays: number,
    private mark: HistoryMark | null,
  ) {}

  /** Repairs the journal to `mark`, drops files older than `retentionDays`, and loads it. */
  static async open(
    dir: string,
    mark: HistoryMark | null,
    options: { retentionDays: number; now: Date; fs: StoreFs },
  ): Promise<{ journal: HistoryJournal; days: DayFile[] }> {
    await options.fs.mkdir(dir, { recursive: true, mode: DIR_MODE });
    const journal = new HistoryJournal(dir, options.fs, options.retentionDays, mark);
    const expired = new Set(await journal.expiredFiles(options.now));
    const files = (await readdir(dir)).filter((f) => FILE.test(f)).sort();
    if (mark !== null && !files.includes(mark.file)) {
      throw new StateFileError(
        path.join(dir, mark.file),
        'is missing, though the state records it',
        'The data directory was changed by hand or restored partly; restore it whole from a backup',
      );
    }
    const days: DayFile[] = [];
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
      } else if (expired.has(file)) {
        await unlink(full);
        continue;
      }
      const records: HistoryRecord[] = [];
      await readRecords(full, (record) => records.push(record));
      days.push({ file, records });
    }
    return { journal, days };
  }

  /**
   * Writes records at the committed mark of the newest file and returns the mark to commit
   * with them. The journal's own mark moves only with `committed`, once the state names it.
   */
  async append(records: readonly HistoryRecord[], now: Date): Promise<HistoryMark> {
    const today = `${vietnamDate(now)}.jsonl`;
    const mark = this.mark;
    const file = mark !== null && mark.file > today ? mark.file : today;
    const base = mark !== null && mark.file === file ? mark.size : 0;
    if (mark !== null && mark.file !== file) await this.seal(mark);
    const data = Buffer.from(jsonLines(records));
    // Synced before the state commit names it, so a committed mark never points past the data;
    // whatever a failed commit left past the mark is cut first.
    await writeAtSynced(this.fsys, path.join(this.dir, file), data, base);
    return { file, size: base + data.length };
  }

  /** The state naming `mark` is on disk: later appends go after it. */
  committed(mark: HistoryMark | null): void {
    this.mark = mark;
  }

  /** Deletes the day files past retention (never the newest); returns their names. */
  async prune(now: Date): Promise<string[]> {
    const expired = await this.expiredFiles(now);
    for (const file of expired) await this.fsys.unlink(path.join(this.dir, file));
    return expired;
  }

  private async expiredFiles(now: Date): Promise<string[]> {
    const oldest = vietnamDate(new Date(now.getTime() - this.retentionDays * 86_400_000));
    const files = (await readdir(this.dir)).filter((f) => FILE.test(f));
    return files.filter((f) => f.slice(0, 10) < oldest && (this.mark === null || f < this.mark.file)).sort();
  }

  /** Cuts a file the journal leaves for a newer one to exactly its committed size. */
  private async seal(mark: HistoryMark): Promise<void> {
    const handle = await this.fsys.open(path.join(this.dir, mark.file), 'r+');
    try {
      await handle.truncate(mark.size);
      await handle.sync();
    } finally {
      await handle.close();
    }
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
    onRecord({ ...record.data, tx: compact(tx, intern) });
  }
}

function compact(tx: Transaction, intern: (value: string) => string): Transaction {
  const cp = tx.counterparty;
  return {
    provider: intern(tx.provider),
    providerId: tx.providerId,
    accountNumber: intern(tx.accountNumber),
    bank: intern(tx.bank),
    amount: tx.amount,
    direction: tx.direction === 'in' ? 'in' : 'out',
    content: tx.content,
    reference: tx.reference,
    occurredAt: tx.occurredAt,
    balanceAfter: tx.balanceAfter,
    counterparty: cp === null ? null : { name: cp.name, accountNumber: cp.accountNumber, bank: cp.bank === null ? null : intern(cp.bank) },
    code: tx.code,
    virtualAccount: tx.virtualAccount,
  };
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
