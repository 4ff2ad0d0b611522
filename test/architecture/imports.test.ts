import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SRC = path.join(ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Every relative import of every file under src, fakes and scripts, resolved to a path from the repository root. */
const IMPORTS = [SRC, path.join(ROOT, 'fakes'), path.join(ROOT, 'scripts')].flatMap(sourceFiles).map((file) => {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1] ?? '');
  return {
    file: path.relative(ROOT, file),
    imports: specifiers.map((s) => path.relative(ROOT, path.resolve(path.dirname(file), s))),
  };
});

const under = (folder: string) => (file: string) => file.startsWith(`${folder}/`);

/** `file → import` for every import of a file in `from` that reaches into one of `forbidden`. */
function crossings(from: (file: string) => boolean, forbidden: readonly string[]): string[] {
  return IMPORTS.filter(({ file }) => from(file)).flatMap(({ file, imports }) =>
    imports.filter((target) => forbidden.some((folder) => under(folder)(target))).map((target) => `${file} → ${target}`),
  );
}

describe('the architecture', () => {
  it('reads every source file (the check below is not vacuous)', () => {
    expect(IMPORTS.length).toBeGreaterThan(100);
    expect(IMPORTS.find(({ file }) => file === 'src/app.ts')?.imports).toContain('src/providers/index.js');
  });

  it('keeps the pipeline (poller, store, delivery, webhook server) free of any provider or chat', () => {
    const pipeline = (file: string) => ['src/poller', 'src/store', 'src/delivery', 'src/webhooks'].some((folder) => under(folder)(file));
    expect(crossings(pipeline, ['src/providers', 'src/chats'])).toEqual([]);
  });

  it('keeps src/core to itself', () => {
    const outside = IMPORTS.filter(({ file }) => under('src/core')(file)).flatMap(({ file, imports }) =>
      imports.filter((target) => !under('src/core')(target)).map((target) => `${file} → ${target}`),
    );
    expect(outside).toEqual([]);
  });

  it('never lets src import the tests', () => {
    expect(crossings(under('src'), ['test'])).toEqual([]);
  });

  it('lets no provider reach into another provider, nor a chat into another chat', () => {
    const folders = (parent: string) =>
      readdirSync(path.join(ROOT, parent), { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => `${parent}/${entry.name}`);
    const leaks = [...folders('src/providers'), ...folders('src/chats')].flatMap((folder) =>
      crossings(under(folder), [...folders('src/providers'), ...folders('src/chats')].filter((other) => other !== folder)),
    );
    expect(leaks).toEqual([]);
  });

  it('keeps every fake server in fakes/, which the bot never runs: only the demo does', () => {
    const fakeStarters = ['src', 'fakes', 'scripts', 'test']
      .flatMap((folder) => sourceFiles(path.join(ROOT, folder)))
      .filter((file) => /export (async )?function startFake/.test(readFileSync(file, 'utf8')))
      .map((file) => path.relative(ROOT, file));
    expect(fakeStarters.length).toBeGreaterThan(0);
    expect(fakeStarters.filter((file) => !under('fakes')(file))).toEqual([]);
    expect(crossings((file) => under('src')(file) && !under('src/demo')(file), ['fakes'])).toEqual([]);
  });

  it('lets neither the fakes nor the bench import the tests', () => {
    expect(crossings(under('fakes'), ['test', 'scripts'])).toEqual([]);
    expect(crossings(under('scripts'), ['test'])).toEqual([]);
  });

  it('gives render plain data: it imports no provider, chat or command', () => {
    expect(crossings(under('src/render'), ['src/providers', 'src/chats', 'src/commands'])).toEqual([]);
  });

  it('lets chats and commands meet only through src/core: no chat imports a command, no command a chat', () => {
    expect(crossings(under('src/chats'), ['src/commands'])).toEqual([]);
    expect(crossings(under('src/commands'), ['src/chats', 'src/providers'])).toEqual([]);
  });

  it('lets no command reach into another command, and keeps the search to core', () => {
    const commands = readdirSync(path.join(ROOT, 'src/commands'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `src/commands/${entry.name}`);
    const leaks = commands.flatMap((folder) => crossings(under(folder), commands.filter((other) => other !== folder)));
    expect(leaks).toEqual([]);
    const search = IMPORTS.filter(({ file }) => under('src/search')(file)).flatMap(({ file, imports }) =>
      imports.filter((target) => !under('src/search')(target) && !under('src/core')(target)).map((target) => `${file} → ${target}`),
    );
    expect(search).toEqual([]);
  });
});
