import { Readable } from 'node:stream';
import type { webApi } from '@slack/bolt';
import { request } from 'undici';
import { z } from 'zod';
import { byteLength, type FileAnswer } from '../../core/command.js';

const UploadUrl = z.object({ ok: z.literal(true), upload_url: z.url(), file_id: z.string().min(1) });
const Completed = z.object({ ok: z.literal(true), files: z.array(z.object({ id: z.string() })).min(1) });

/** Where a file goes and what it says there. */
export interface FileTarget {
  channel: string;
  /** The message posted with the file. */
  comment: string;
}

/**
 * Slack's two-step upload: ask for an upload URL for a file of a stated length (measured by
 * streaming the file once without keeping it), stream the bytes to it, then share the file in
 * the channel. Every answer is checked; a refusal or an unexpected answer throws, naming the
 * step. Resolves with Slack's file id.
 */
export async function uploadSlackFile(client: webApi.WebClient, file: FileAnswer, target: FileTarget, timeoutMs: number): Promise<string> {
  const length = await byteLength(file);
  const granted = checked('files.getUploadURLExternal', UploadUrl, await client.files.getUploadURLExternal({ filename: file.name, length }));
  const upload = await request(granted.upload_url, {
    method: 'POST',
    headers: { 'content-type': file.mimeType, 'content-length': String(length) },
    body: Readable.from(file.bytes(), { objectMode: false }),
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  const answer = await upload.body.text();
  if (upload.statusCode !== 200) throw new Error(`file upload answered HTTP ${upload.statusCode}: ${answer.slice(0, 200)}`);
  checked(
    'files.completeUploadExternal',
    Completed,
    await client.files.completeUploadExternal({
      files: [{ id: granted.file_id, title: file.name }],
      channel_id: target.channel,
      initial_comment: target.comment,
    }),
  );
  return granted.file_id;
}

function checked<T>(method: string, schema: z.ZodType<T>, answer: unknown): T {
  const parsed = schema.safeParse(answer);
  if (!parsed.success) throw new Error(`${method} answered unexpectedly: ${parsed.error.issues[0]?.message ?? 'unknown shape'}`);
  return parsed.data;
}
