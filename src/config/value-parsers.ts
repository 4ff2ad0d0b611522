import cron from 'node-cron';
import { err, ok, type Result } from '../core/result.js';

/**
 * Reads one variable's trimmed, non-empty value: the typed value, or what is wrong with it.
 * Problems about non-secret variables quote the value (it helps); secret parsers never do.
 */
export type ValueParser<T> = (value: string) => Result<T, string>;

/**
 * The value quoted for a problem message, unless it looks like a credential pasted into the
 * wrong variable: the message must never print a secret, wherever the operator put it.
 */
export function shown(value: string): string {
  const credentialLike =
    /^(xox[a-z]-|xapp-|AK_CS\.)/i.test(value) ||
    /^\d+:[\w-]{20,}$/.test(value) ||
    // Long letters-and-digits runs with no spaces or slashes: not a cron, zone, path or URL.
    (value.length >= 20 && /^[\w.:+=-]+$/.test(value) && /\d/.test(value) && /[A-Za-z]/.test(value));
  return credentialLike ? 'the value (not shown: it looks like a credential)' : JSON.stringify(value);
}

export const port: ValueParser<number> = (value) => {
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  return n >= 1 && n <= 65535 ? ok(n) : err(`${shown(value)} is not a port number (1-65535)`);
};

/** Minutes, above zero and at most a day; a fraction is allowed (`0.5` is 30 seconds). */
export const minutes: ValueParser<number> = (value) => {
  const n = /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
  return n > 0 && n <= 1440 ? ok(n) : err(`${shown(value)} is not a number of minutes (above 0, at most 1440)`);
};

export const cronExpression: ValueParser<string> = (value) =>
  cron.validate(value) ? ok(value) : err(`${shown(value)} is not a cron expression`);

/**
 * Kept as written: ICU would "canonicalise" Asia/Ho_Chi_Minh to the legacy alias Asia/Saigon,
 * and zone names are accepted case-insensitively anyway.
 */
export const timeZone: ValueParser<string> = (value) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return ok(value);
  } catch {
    return err(`${shown(value)} is not an IANA time zone`);
  }
};

/**
 * A PostgreSQL connection URL. Never quoted back: it usually carries a password.
 */
export const postgresUrl: ValueParser<string> = (value) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return err('is not a URL');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') return err(`starts with ${url.protocol}// instead of postgres://`);
  if (url.hostname === '' && !url.searchParams.has('host')) return err('names no server');
  return ok(value);
};

/** Case-insensitive choice: operators write `EN` or `Debug` and mean it. */
export function oneOf<const T extends string>(choices: readonly T[]): ValueParser<T> {
  return (value) => {
    const choice = choices.find((c) => c === value.toLowerCase());
    return choice === undefined ? err(`${shown(value)} is not one of ${choices.join(', ')}`) : ok(choice);
  };
}

/**
 * An http(s) root the clients append paths to. `trailingSlash` says how the consumer wants it:
 * grammY rejects an `apiRoot` ending in `/`, Bolt's `slackApiUrl` is joined with method names.
 * `pathsAddedByBot` catches a root copied with the API's version path, which would be doubled.
 */
export function httpRoot(options: { trailingSlash: boolean; pathsAddedByBot?: readonly string[] }): ValueParser<string> {
  return (value) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return err(`${shown(value)} is not a URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return err(`${shown(value)} is not an http(s) URL`);
    // Credentials in the URL would be echoed by every message that quotes it; undici refuses them anyway.
    if (url.username !== '' || url.password !== '') return err('contains a user name or password (not shown)');
    if (value.includes('?') || value.includes('#')) return err(`${shown(value)} has a ?query or #fragment`);
    const root = url.href.replace(/\/+$/, '');
    const doubled = options.pathsAddedByBot?.find((suffix) => url.pathname.replace(/\/+$/, '').endsWith(suffix));
    if (doubled !== undefined) return err(`${shown(value)} ends with ${doubled}, which the bot adds itself`);
    return ok(options.trailingSlash ? `${root}/` : root);
  };
}

/**
 * A comma list: items trimmed, empties dropped (`a,,b,` is fine), duplicates dropped (a chat
 * listed twice must not get every alert twice). Every bad item is named in one problem.
 */
export function commaList<T>(
  item: (text: string) => T | null,
  wording: { one: string; many: string },
): ValueParser<T[]> {
  return (value) => {
    const texts = [...new Set(value.split(',').map((t) => t.trim()).filter((t) => t !== ''))];
    const items: T[] = [];
    const bad: string[] = [];
    for (const text of texts) {
      const parsed = item(text);
      if (parsed === null) bad.push(text);
      else if (!items.includes(parsed)) items.push(parsed);
    }
    if (bad.length > 0) return err(`${bad.map(shown).join(', ')} ${bad.length === 1 ? wording.one : wording.many}`);
    return ok(items);
  };
}

/**
 * Bank account numbers are digits, but letters are allowed too: SePay/Casso report virtual
 * accounts (VA) and memo-VA codes under the account-number fields, and some of those are
 * alphanumeric. Separators (spaces, dots, dashes) are rejected rather than guessed away,
 * because the value must equal what the provider reports.
 */
export function accountNumber(text: string): string | null {
  return /^[A-Za-z0-9]{1,40}$/.test(text) ? text : null;
}

/**
 * A credential sent in an HTTP header or URL. Never quoted in a problem. Whitespace almost
 * always means the operator pasted a prefix (`Apikey …`, `Bearer …`) or two values.
 */
export function credential(shape?: { test: (value: string) => boolean; problem: (value: string) => string }): ValueParser<string> {
  return (value) => {
    if (/\s/.test(value)) return err('contains whitespace (value not shown)');
    if (!/^[\x21-\x7e]+$/.test(value)) return err('contains characters that cannot be sent in an HTTP header (value not shown)');
    if (shape && !shape.test(value)) return err(shape.problem(value));
    return ok(value);
  };
}
