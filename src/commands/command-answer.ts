import type { PaymentRequest } from '../core/payment-request.js';
import type { Doc } from '../render/doc.js';

/**
 * A file a command answers with, made as it is sent: `bytes()` starts a fresh stream each time
 * it is called (a retry, or a first pass that measures the length), so a large file never has
 * to be held whole.
 */
export interface FileAnswer {
  /** What the chat shows as the file's name; no path, no spaces. */
  name: string;
  mimeType: string;
  /** Shown with the file (Telegram caption, Slack comment). */
  caption: Doc;
  bytes(): AsyncIterable<Uint8Array>;
}

/** A new `/qr` request: its VietQR code, posted as an image with its caption. */
export interface QrImageAnswer {
  kind: 'image';
  request: PaymentRequest;
  /** The VietQR text the image encodes. */
  payload: string;
  caption: Doc;
  /** Called with the platform's reference of the posted message, so that later edits find it. */
  placed(messageRef: string): Promise<void>;
}

/**
 * What a command answers: a message, a file with a caption, or a payment request's QR image.
 * Chat adapters switch on `kind`, so a new kind of answer is a new member here and a new case
 * in each adapter.
 */
export type CommandAnswer = { kind: 'text'; doc: Doc } | { kind: 'file'; file: FileAnswer } | QrImageAnswer;

export const textAnswer = (doc: Doc): CommandAnswer => ({ kind: 'text', doc });

/** What an answer says in words: its message, or the caption of its file or image. */
export const wordsOf = (answer: CommandAnswer): Doc =>
  answer.kind === 'text' ? answer.doc : answer.kind === 'file' ? answer.file.caption : answer.caption;

/** The length of a file in bytes, counted by streaming it once without keeping it. */
export async function byteLength(file: FileAnswer): Promise<number> {
  let length = 0;
  for await (const chunk of file.bytes()) length += chunk.byteLength;
  return length;
}
