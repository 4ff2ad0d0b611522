import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { chromium as playwright, type Browser } from 'playwright-core';

const run = promisify(execFile);

const NAMES = ['chromium', 'chromium-browser', 'google-chrome'];

/** The first Chromium on PATH (or `$CHROMIUM`), or null when there is none. */
export function findChromium(): string | null {
  const candidates = process.env.CHROMIUM
    ? [process.env.CHROMIUM]
    : (process.env.PATH ?? '').split(path.delimiter).flatMap((dir) => NAMES.map((name) => path.join(dir, name)));
  return (
    candidates.find((file) => {
      try {
        accessSync(file, constants.X_OK);
        return true;
      } catch {
        return false; // not there or not executable: try the next one
      }
    }) ?? null
  );
}

/**
 * Offline and throwaway (with `--headless`, or Playwright's own): without the
 * background-networking flags Chromium keeps trying to reach Google, which this machine's
 * closed network refuses.
 */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--hide-scrollbars',
  '--force-device-scale-factor=1',
];

/** The same Chromium driven by playwright-core, for a page that lives (the counter screen and its stream). */
export function launchBrowser(chromium: string): Promise<Browser> {
  return playwright.launch({ executablePath: chromium, headless: true, timeout: 15_000, args: CHROMIUM_FLAGS });
}

async function chromiumRun(chromium: string, args: string[]): Promise<string> {
  const profile = await mkdtemp(path.join(tmpdir(), 'bankbell-chromium-'));
  try {
    const { stdout } = await run(chromium, ['--headless', ...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, ...args], {
      timeout: 60_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout;
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}

/**
 * Screenshots a page built by html.ts, cropped to its content: a first run lays the page out in a
 * window `layoutWidth` wide and reads the size its script recorded, the second takes the picture
 * at that size.
 */
export async function screenshot(
  chromium: string,
  htmlFile: string,
  pngFile: string,
  layoutWidth: number,
): Promise<{ width: number; height: number }> {
  const url = pathToFileURL(htmlFile).href;
  const dom = await chromiumRun(chromium, [`--window-size=${layoutWidth},800`, '--dump-dom', url]);
  const measured = /data-size="(\d+)x(\d+)"/.exec(dom);
  if (measured === null) throw new Error(`${htmlFile}: the page did not record its size`);
  const width = Number(measured[1]);
  const height = Number(measured[2]);
  await chromiumRun(chromium, [`--window-size=${width},${height}`, `--screenshot=${pngFile}`, url]);
  return { width, height };
}

/** The fonts the pages ask for first, by role, and the Debian package that has them. */
const FONTS = [
  { role: 'sans-serif', families: ['Noto Sans', 'DejaVu Sans'], debian: 'fonts-noto-core' },
  { role: 'monospaced', families: ['Noto Sans Mono', 'Noto Mono'], debian: 'fonts-noto-mono' },
];

/**
 * Which of the pages' fonts with Vietnamese letters and ₫ fontconfig lacks: without them
 * Chromium falls back glyph by glyph and accents come apart (DejaVu Sans Mono has no ố).
 * Null when there is no fc-list to ask.
 */
export async function missingFonts(): Promise<string[] | null> {
  let listed: string;
  try {
    listed = (await run('fc-list', [':charset=1ed1 20ab', 'family'])).stdout;
  } catch {
    return null; // not a fontconfig system
  }
  const families = new Set(listed.split(/[\n,]/).map((name) => name.trim()));
  return FONTS.filter(({ families: wanted }) => !wanted.some((name) => families.has(name))).map(
    ({ role, families: wanted, debian }) => `a ${role} font with Vietnamese: ${wanted.join(' or ')} (Debian: ${debian})`,
  );
}
