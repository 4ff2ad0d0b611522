/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"' };

/**
 * Decodes the entities Telegram's HTML and Slack's mrkdwn use (`&amp;`, `&lt;`, `&gt;`, `&quot;`,
 * numeric ones), so the text can be escaped again for the page. Anything else stays literal,
 * as both clients show it.
 */
export function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
    return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/**
 * A self-contained page (no external assets). The script records the size of `.frame` so the
 * screenshot can be cropped to it (see chromium.ts).
 */
export function page(title: string, css: string, body: string): string {
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
html, body { margin: 0; padding: 0; }
body { -webkit-font-smoothing: antialiased; text-rendering: optimizeLegibility; }
.frame { display: inline-block; vertical-align: top; }
${css}
</style>
</head>
<body>
<div class="frame">
${body}
</div>
<script>
const box = document.querySelector('.frame').getBoundingClientRect();
document.documentElement.dataset.size = Math.ceil(box.right) + 'x' + Math.ceil(box.bottom);
</script>
</body>
</html>
`;
}
