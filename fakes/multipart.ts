import type { FakeRequest } from './http.js';

/** One multipart/form-data request read the way a server would: text fields, and files as bytes. */
export interface MultipartForm {
  fields: Record<string, string>;
  files: Record<string, { name: string; type: string; bytes: Buffer }>;
}

/**
 * Null when the request is not multipart/form-data (it is JSON or urlencoded). Parsed by hand,
 * leniently about header spacing as real servers are (grammY writes `content-disposition:form-data;name="x"`).
 */
export function readMultipart(req: FakeRequest): MultipartForm | null {
  const type = req.headers['content-type'];
  const boundary = typeof type === 'string' ? /^multipart\/form-data;\s*boundary=("?)([^";]+)\1/i.exec(type)?.[2] : undefined;
  if (boundary === undefined) return null;
  const result: MultipartForm = { fields: {}, files: {} };
  const delimiter = Buffer.from(`--${boundary}`);
  let at = req.raw.indexOf(delimiter);
  while (at !== -1) {
    const start = at + delimiter.length;
    if (req.raw.subarray(start, start + 2).toString() === '--') break;
    const next = req.raw.indexOf(delimiter, start);
    if (next === -1) break;
    // Each part: CRLF, headers, CRLF CRLF, body, CRLF before the next delimiter.
    const part = req.raw.subarray(start + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    const headers = part.subarray(0, split).toString('utf8');
    const body = part.subarray(split + 4);
    const name = /;\s*name="?([^";\r\n]*)"?/i.exec(headers)?.[1];
    const filename = /;\s*filename="?([^";\r\n]*)"?/i.exec(headers)?.[1];
    if (name !== undefined) {
      if (filename === undefined) result.fields[name] = body.toString('utf8');
      else result.files[name] = { name: filename, type: /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1] ?? '', bytes: Buffer.from(body) };
    }
    at = next;
  }
  return result;
}
