/**
 * The counter screen's stylesheet, served as it is (no build step). Made to be read from a few
 * steps away on an old phone or tablet, upright or on its side: the amount as large as the
 * screen allows, dark around it, green when money comes in.
 */
export const PAGE_STYLE = `
:root { color-scheme: dark; --green: #2bd46a; --amber: #ffc247; --muted: #9fb3a6; }
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body {
  background: #0b1410; color: #f3f7f4;
  font-family: "Noto Sans", "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  display: flex; flex-direction: column; overflow: hidden;
}
header { display: flex; align-items: center; justify-content: space-between; gap: 1rem; padding: 0.6rem 1rem; font-size: clamp(0.9rem, 2.5vmin, 1.3rem); }
.status { color: var(--muted); }
.status::before { content: "\\25CF"; margin-right: 0.4em; color: var(--muted); }
.status.live::before { color: var(--green); }
.status.down { color: var(--amber); }
.status.down::before { color: var(--amber); }
button#sound {
  font: inherit; font-size: clamp(1rem, 3.5vmin, 1.6rem); padding: 0.6em 1.2em; border: 0; border-radius: 999px;
  background: var(--amber); color: #1b1300; cursor: pointer;
}
main { flex: 1; display: flex; flex-direction: column; min-height: 0; padding: 0 1rem 1rem; gap: 1rem; }
[hidden] { display: none !important; }

.latest { flex: 1; display: flex; flex-direction: column; align-items: center; justify-content: center; text-align: center; border-radius: 1.5rem; padding: 1rem; min-height: 0; }
.latest .amount { font-size: clamp(3rem, 16vmin, 12rem); font-weight: 800; line-height: 1.05; margin: 0; letter-spacing: -0.02em; font-variant-numeric: tabular-nums; }
.latest.waiting .amount { font-size: clamp(1.5rem, 6vmin, 4rem); font-weight: 500; color: var(--muted); }
.latest .meta { font-size: clamp(1.2rem, 5vmin, 3rem); margin: 0.4em 0 0; }
.latest .content { font-size: clamp(1rem, 3.2vmin, 1.8rem); color: var(--muted); margin: 0.4em 0 0; max-width: 60ch; overflow-wrap: anywhere; }
.latest .quiet { font-size: clamp(0.9rem, 2.6vmin, 1.4rem); color: var(--muted); margin: 0.4em 0 0; }
.latest.fresh { animation: arrived 2.5s ease-out; }
@keyframes arrived { from { background: var(--green); color: #04140a; } to { background: transparent; } }

.earlier { flex: 0 1 auto; max-height: 32%; overflow: hidden; }
.earlier h2 { font-size: clamp(0.9rem, 2.5vmin, 1.2rem); color: var(--muted); font-weight: 500; margin: 0 0 0.3rem; }
.earlier ol { list-style: none; margin: 0; padding: 0; }
.earlier li { display: flex; gap: 1rem; align-items: baseline; padding: 0.35rem 0; border-top: 1px solid #1f3328; font-size: clamp(1rem, 3vmin, 1.6rem); }
.earlier li .amount { font-weight: 700; min-width: 10ch; text-align: right; font-variant-numeric: tabular-nums; }
.earlier li .who { color: var(--muted); overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }

.request { display: flex; flex-direction: column; align-items: center; justify-content: center; text-align: center; gap: 0.5rem; flex: 3; min-height: 0; }
.request .headline { font-size: clamp(1.6rem, 7vmin, 5rem); font-weight: 800; margin: 0; }
.request .qr { background: #fff; padding: 0.6rem; border-radius: 1rem; height: min(58vh, 86vw); aspect-ratio: 1; display: flex; }
.request .qr img { width: 100%; height: 100%; display: block; image-rendering: pixelated; }
.request .code { font-size: clamp(1.1rem, 4vmin, 2.4rem); margin: 0; }
.request .code strong { font-family: "Noto Sans Mono", "DejaVu Sans Mono", monospace; letter-spacing: 0.08em; }
.request .note, .request .expiry { font-size: clamp(1rem, 3vmin, 1.6rem); color: var(--muted); margin: 0; }
.request.paid .headline { color: var(--green); font-size: clamp(2rem, 11vmin, 8rem); }
.request.underpaid .headline { color: var(--amber); }
.request.expired .headline { color: var(--muted); }
body.has-request .latest { flex: 0 1 auto; }
body.has-request .latest .amount { font-size: clamp(1.5rem, 6vmin, 3.5rem); }
body.has-request .latest .meta { font-size: clamp(1rem, 3vmin, 1.6rem); }
body.has-request .earlier, body.has-request .latest .content, body.has-request .latest.waiting { display: none; }

.notice { margin: auto; max-width: 40ch; text-align: center; font-size: clamp(1.2rem, 4.5vmin, 2.4rem); color: var(--amber); }
@media (orientation: landscape) and (min-width: 900px) {
  body.has-request main { flex-direction: row; }
  body.has-request .latest { flex: 1; }
}
`;
