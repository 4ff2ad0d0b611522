import { SettledRequest } from '../../core/payment-request.js';
import { readJsonLines } from './json-lines.js';
import { jsonLines, replaceFile, writeAtSynced, type StoreFs } from './store-fs.js';

/**
 * The /qr requests done with (see `SettledRequest`), in DATA_DIR as one append-only JSON-lines
 * file beside the state file, `payment-requests.jsonl`. A shop makes hundreds a day and they are
 * kept 45 days, so they stay out of the state file, which every change rewrites whole: only the
 * requests still open (or just done with) are there. A request leaves the state only once its
 * line is synced here; should the state write then fail, it is still in the state, and its line
 * is written again (a code's last line wins). Pruned daily by rewriting the file whole.
 */
export class RequestJournal {
  /** An append failed: the file may be gone or short, so the next one writes it whole. */
  private rewrite = false;

  private constructor(
    private readonly file: string,
    private readonly fsys: StoreFs,
    /** Bytes of the file that hold whole, committed lines. */
    private size: number,
  ) {}

  static async open(file: string, fsys: StoreFs): Promise<{ journal: RequestJournal; requests: SettledRequest[] }> {
    const { entries, size } = await readJsonLines(file, SettledRequest, 'a /qr request');
    return { journal: new RequestJournal(file, fsys, size), requests: entries };
  }

  /** Appends `requests` durably; after a failed append, writes `held` and them as the whole file instead. */
  async append(requests: readonly SettledRequest[], held: () => readonly SettledRequest[]): Promise<void> {
    if (requests.length === 0) return;
    try {
      if (this.rewrite) await this.replace([...held(), ...requests]);
      else {
        const data = Buffer.from(jsonLines(requests));
        await writeAtSynced(this.fsys, this.file, data, this.size);
        this.size += data.length;
      }
    } catch (error) {
      this.rewrite = true;
      throw error;
    }
  }

  /** Replaces the file with `requests`, atomically (retention). */
  async replace(requests: readonly SettledRequest[]): Promise<void> {
    const text = jsonLines(requests);
    await replaceFile(this.fsys, this.file, text);
    this.size = Buffer.byteLength(text);
    this.rewrite = false;
  }
}
