import { page } from './html.js';

/**
 * A tablet standing on a shop's counter, its screen the counter screen's picture (`png`, of
 * `width` × `height` pixels): a dark bezel with a camera dot, on a plain counter-top colour.
 */
export function counterPage(png: Buffer, width: number, height: number): string {
  const css = `
body { background: #e9e4dc; }
.frame { padding: 36px 44px 48px; }
.tablet {
  background: #17191c; border-radius: 38px; padding: 30px 34px; position: relative;
  box-shadow: 0 18px 36px rgba(60, 45, 25, 0.35), inset 0 0 0 2px #2c3036;
}
.tablet::before {
  content: ""; position: absolute; top: 50%; left: 14px; width: 8px; height: 8px; margin-top: -4px;
  border-radius: 50%; background: #2b3440;
}
.tablet img { display: block; width: ${width}px; height: ${height}px; border-radius: 6px; }
`;
  return page('bankbell — màn hình quầy', css, `<div class="tablet"><img alt="" src="data:image/png;base64,${png.toString('base64')}"></div>`);
}
