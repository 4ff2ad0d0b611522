/**
 * Casso signs a re-serialisation of the body, not its bytes: every object's keys sorted
 * ascending (recursively, arrays keeping their order), no whitespace. This module builds
 * that string; casso-signature.ts decides which escaping variants to try.
 */

/** Casso's bodies are two levels deep; anything far deeper is not a delivery and would only cost stack. */
const MAX_DEPTH = 32;

/**
 * The sorted-keys compact JSON of a parsed JSON value, escaped the way `JSON.stringify`
 * escapes. Null when the value nests deeper than any real delivery.
 */
export function canonicalJson(value: unknown): string | null {
  return serialise(value, 0);
}

function serialise(value: unknown, depth: number): string | null {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (depth >= MAX_DEPTH) return null;
  const parts: string[] = [];
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) {
      const part = serialise(item, depth + 1);
      if (part === null) return null;
      parts.push(part);
    }
    return `[${parts.join(',')}]`;
  }
  // Written out key by key rather than via a sorted copy: a copy would turn a `__proto__` key
  // from the body into a prototype instead of a property.
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record).sort()) {
    const part = serialise(record[key], depth + 1);
    if (part === null) return null;
    parts.push(`${JSON.stringify(key)}:${part}`);
  }
  return `{${parts.join(',')}}`;
}

/** How a serialiser other than JavaScript's may escape strings. */
export interface JsonEscaping {
  /** PHP's `json_encode` writes `/` as `\/`. */
  slash: boolean;
  /** PHP's `json_encode` and Python's `json.dumps` write non-ASCII as `\uXXXX` (UTF-16 units, lower-case hex). */
  nonAscii: boolean;
}

/**
 * Re-escapes JSON text produced by `canonicalJson`. Both characters only ever occur inside
 * string literals there (keys and structure are ASCII, numbers have no `/`), so a textual
 * pass over the whole text is exact.
 */
export function escapeJson(json: string, escaping: JsonEscaping): string {
  let out = json;
  if (escaping.slash) out = out.replaceAll('/', '\\/');
  if (escaping.nonAscii) {
    out = out.replace(/[\u0080-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
  }
  return out;
}
