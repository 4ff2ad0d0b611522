import type { Browser } from 'playwright-core';
import { findChromium, launchBrowser } from '../../scripts/screenshots/chromium.js';

/** Debian's Chromium (`.ci/run` installs it), or the one `CHROMIUM` names. */
const CHROMIUM = findChromium();

/** Why the browser tests cannot run here, or null when they can. */
export const CHROMIUM_MISSING = CHROMIUM === null ? 'no Chromium on PATH (apt-get install chromium, or set CHROMIUM)' : null;

/** One browser serves a whole test file; each test opens its own context (storage, speech spy) in it. */
export function launchChromium(): Promise<Browser> {
  if (CHROMIUM === null) throw new Error(CHROMIUM_MISSING ?? 'no Chromium');
  return launchBrowser(CHROMIUM);
}

/** What a page asked the speech API to say, as `window.spoken` holds it once `SPEECH_SPY` ran. */
export interface Spoken {
  text: string;
  lang: string;
}

/**
 * Replaces `speechSynthesis.speak` before the page's own script runs: what the page asks to say
 * is recorded in `window.spoken`, and nothing is said.
 */
export const SPEECH_SPY = `
  window.spoken = [];
  const record = (utterance) => { window.spoken.push({ text: utterance.text, lang: utterance.lang }); };
  if (window.speechSynthesis) window.speechSynthesis.speak = record;
  else window.speechSynthesis = { speak: record, getVoices: () => [] };
`;
