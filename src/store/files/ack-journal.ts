import { z } from 'zod';
import { Acknowledgement, AlertMessage, firstPresses, type Press } from '../../core/acknowledgement.js';
import { readJsonLines } from './json-lines.js';
import { jsonLines, replaceFile, writeAtSynced, type StoreFs } from './store-fs.js';

/** One line of the journal: a message delivered with the button, or a press recorded. */
const Entry = z.union([z.object({ message: AlertMessage }), z.object({ ack: Acknowledgement })]);
type Entry = z.infer<typeof Entry>;

const messageId = (dest: string, ref: string) => `${dest}\n${ref}`;
const ackId = (key: string, dest: string) => `${key}\n${dest}`;

/**
 * The alerts that carry the acknowledge button and the presses on them, in DATA_DIR as one
 * append-only JSON-lines file beside the state file. They grow with every alert for as long
 * as the history is kept, so they stay out of the state file, which is rewritten whole at
 * every change: an append costs only the line it adds. Each append is synced before it is
 * answered, and written at the end of what was committed, so bytes a failed append left
 * behind are overwritten by the next; a line torn by a crash is cut off at the next start.
 */
export class AckJournal {
  private readonly messages = new Map<string, AlertMessage>();
  private readonly acks = new Map<string, Acknowledgement>();
  /** An append failed: the file is written whole at the next one. */
  private rewrite = false;

  private constructor(
    private readonly file: string,
    private readonly fsys: StoreFs,
    /** Bytes of the file that hold whole, committed lines. */
    private size: number,
  ) {}

  static async open(file: string, fsys: StoreFs): Promise<AckJournal> {
    const { entries, size } = await readJsonLines(file, Entry, 'an alert message or acknowledgement');
    const journal = new AckJournal(file, fsys, size);
    for (const entry of entries) journal.remember(entry);
    return journal;
  }

  /** Every entry held, oldest first (to copy the state elsewhere). */
  entries(): { messages: AlertMessage[]; acks: Acknowledgement[] } {
    return { messages: [...this.messages.values()], acks: [...this.acks.values()] };
  }

  /** The message a press names, and the acknowledgements it would add (first press per payment and chat). */
  pressOn(press: Press): { message: AlertMessage; fresh: Acknowledgement[] } | null {
    const message = this.messages.get(messageId(press.dest, press.ref));
    return message === undefined ? null : { message, fresh: firstPresses(message, press, this.acknowledgedIn(message.dest, message.keys)) };
  }

  acknowledgedIn(dest: string, keys: readonly string[]): Acknowledgement[] {
    return [...new Set(keys)].flatMap((key) => this.acks.get(ackId(key, dest)) ?? []);
  }

  /**
   * Appends entries durably; only then are they held. After a failed append the file may be
   * gone or not what we hold (removed, replaced), so the next one writes it whole again.
   */
  async append(entries: readonly Entry[]): Promise<void> {
    if (entries.length === 0) return;
    try {
      if (this.rewrite) {
        await this.replaceWith([...this.messages.values()], [...this.acks.values()], entries);
      } else {
        const data = Buffer.from(jsonLines(entries));
        await writeAtSynced(this.fsys, this.file, data, this.size);
        this.size += data.length;
      }
    } catch (error) {
      this.rewrite = true;
      throw error;
    }
    this.rewrite = false;
    for (const entry of entries) this.remember(entry);
  }

  /** Forgets what is older than `cutoff` (epoch ms), rewriting the file whole when anything goes. */
  async prune(cutoff: number): Promise<void> {
    const messages = [...this.messages.values()].filter((m) => m.at >= cutoff);
    const acks = [...this.acks.values()].filter((a) => a.at >= cutoff);
    if (messages.length === this.messages.size && acks.length === this.acks.size) return;
    await this.replaceWith(messages, acks, []);
    this.rewrite = false;
    this.messages.clear();
    this.acks.clear();
    for (const message of messages) this.remember({ message });
    for (const ack of acks) this.remember({ ack });
  }

  /** Replaces the file with these entries, atomically. */
  private async replaceWith(messages: readonly AlertMessage[], acks: readonly Acknowledgement[], more: readonly Entry[]): Promise<void> {
    const text = jsonLines([...messages.map((message) => ({ message })), ...acks.map((ack) => ({ ack })), ...more]);
    await replaceFile(this.fsys, this.file, text);
    this.size = Buffer.byteLength(text);
  }

  private remember(entry: Entry): void {
    if ('message' in entry) this.messages.set(messageId(entry.message.dest, entry.message.ref), entry.message);
    else if (!this.acks.has(ackId(entry.ack.key, entry.ack.dest))) this.acks.set(ackId(entry.ack.key, entry.ack.dest), entry.ack);
  }
}
