import type { Locale } from '../../core/locale.js';
import { WORDING } from '../wording.js';

/** Text placed in HTML, as text. */
function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The counter screen's page for one link, in its chat's language. Everything it loads is beside
 * it under the same link (relative addresses, so a reverse proxy may serve the bot under a path
 * of its own): the stylesheet, the script, the live stream and the QR images. The words the
 * script shows are in data attributes: the page runs no inline script, which its
 * Content-Security-Policy forbids.
 */
export function pageHtml(secret: string, locale: Locale): string {
  const w = WORDING[locale];
  const base = `${secret}/`;
  const data: Record<string, string> = {
    base,
    lang: locale === 'vi' ? 'vi-VN' : 'en-US',
    'sound-on': w.soundOn,
    live: w.live,
    reconnecting: w.reconnecting,
    revoked: w.revoked,
    'expires-in': w.expiresIn,
    quiet: w.quiet,
    waiting: w.waiting,
  };
  const attributes = Object.entries(data)
    .map(([name, value]) => ` data-${name}="${escapeHtml(value)}"`)
    .join('');
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="robots" content="noindex, nofollow">
<meta name="theme-color" content="#0b1410">
<title>${escapeHtml(w.title)}</title>
<link rel="stylesheet" href="${escapeHtml(base)}counter.css">
<script src="${escapeHtml(base)}counter.js" defer></script>
</head>
<body${attributes}>
<header>
<span id="status" class="status">${escapeHtml(w.reconnecting)}</span>
<button id="sound" type="button">${escapeHtml(w.allowSound)}</button>
</header>
<main>
<section id="request" class="request" hidden>
<p id="request-headline" class="headline"></p>
<div id="request-qr" class="qr"><img id="qr" alt=""></div>
<p class="code">${escapeHtml(w.code)}: <strong id="request-code"></strong></p>
<p id="request-note" class="note"></p>
<p id="request-expiry" class="expiry"></p>
<p id="request-scan" class="note">${escapeHtml(w.scan)}</p>
</section>
<section id="latest" class="latest waiting" aria-live="polite">
<p id="latest-amount" class="amount">${escapeHtml(w.waiting)}</p>
<p id="latest-meta" class="meta"></p>
<p id="latest-content" class="content"></p>
<p id="latest-quiet" class="quiet" hidden>${escapeHtml(w.quiet)}</p>
</section>
<section id="earlier-box" class="earlier" hidden>
<h2>${escapeHtml(w.earlier)}</h2>
<ol id="earlier"></ol>
</section>
<p id="notice" class="notice" hidden></p>
</main>
</body>
</html>
`;
}
