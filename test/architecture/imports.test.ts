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

/** One relative import: the importing file and the file it names, both from the repository root (`.ts`). */
interface Import {
  file: string;
  target: string;
}

/** Every relative import of every file under src, fakes and scripts. */
const IMPORTS: Import[] = [SRC, path.join(ROOT, 'fakes'), path.join(ROOT, 'scripts')].flatMap(sourceFiles).flatMap((file) => {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1] ?? '');
  return specifiers.map((s) => ({
    file: path.relative(ROOT, file),
    target: path.relative(ROOT, path.resolve(path.dirname(file), s)).replace(/\.js$/, '.ts'),
  }));
});

type Where = (file: string) => boolean;
/** A file in `folder` (at any depth), or `folder` itself when it names a file. */
const under =
  (...folders: string[]): Where =>
  (file) =>
    folders.some((folder) => file === folder || file.startsWith(`${folder}/`));
const not =
  (where: Where): Where =>
  (file) =>
    !where(file);

const folders = (parent: string) =>
  readdirSync(path.join(ROOT, parent), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `${parent}/${entry.name}`);
/** Each provider's and chat's own folder, with the registry that lists it (`index.ts` beside them). */
const PLUGIN_FOLDERS = ['src/providers', 'src/chats'].flatMap((parent) => folders(parent).map((folder) => ({ folder, registry: `${parent}/index.ts` })));
/**
 * The layers of docs/architecture.md, read from its table (`| 0 | \`src/core\` | …`), so the
 * page and this test cannot drift apart: each source path belongs to the layer of the longest
 * folder or file of the table it lies in (`src/providers/index.ts` is a registry, layer 6, while
 * the rest of `src/providers` is layer 5).
 */
const LAYERS: { layer: number; path: string }[] = readFileSync(path.join(ROOT, 'docs/architecture.md'), 'utf8')
  .split('\n')
  .flatMap((line) => {
    const row = /^\| (\d) \| ([^|]+) \|/.exec(line);
    if (row === null) return [];
    return [...(row[2] ?? '').matchAll(/`([^`]+)`/g)].map((m) => ({ layer: Number(row[1]), path: (m[1] ?? '').replace(/\/<name>$/, '') }));
  });
function layerOf(file: string): number | undefined {
  const holders = LAYERS.filter((entry) => under(entry.path)(file));
  return holders.sort((a, b) => b.path.length - a.path.length)[0]?.layer;
}

/** Each command's own folder. */
const COMMAND_FOLDERS = folders('src/commands');
const PLUGINS = under('src/providers', 'src/chats', 'src/commands');
const PROGRAMS = under('src/app', 'src/main.ts', 'src/doctor', 'src/health', 'src/migrate-state', 'src/demo');
const PIPELINE = under('src/poller', 'src/store', 'src/delivery', 'src/webhooks');
/** Where the plug-in rules hold: the fakes and the bench may use a plug-in's pieces (a signature, a message's blocks). */
const BOT = under('src');

/** A rule of docs/architecture.md: the imports it forbids, and one it must catch. */
interface Rule {
  name: string;
  forbids(imp: Import): boolean;
  planted: Import;
}
/** Files `from` may not import files `to`. */
const noImports = (name: string, from: Where, to: Where, planted: Import): Rule => ({
  name,
  forbids: ({ file, target }) => from(file) && to(target),
  planted,
});

const RULES: Rule[] = [
  {
    name: 'no import runs from a lower layer to a higher one',
    forbids: ({ file, target }) => {
      const [from, to] = [layerOf(file), layerOf(target)];
      return from !== undefined && to !== undefined && to > from;
    },
    planted: { file: 'src/store/memory-store.ts', target: 'src/delivery/dispatcher.ts' },
  },
  noImports('src/core imports nothing outside itself', under('src/core'), not(under('src/core')), {
    file: 'src/core/provider.ts',
    target: 'src/log/logger.ts',
  }),
  noImports('the configuration and the check kit import no registry, plug-in or program', under('src/config', 'src/checks'), (t) => PLUGINS(t) || PROGRAMS(t), {
    file: 'src/config/schema.ts',
    target: 'src/providers/index.ts',
  }),
  noImports('the pipeline (poller, store, delivery, webhook server) names no provider or chat', PIPELINE, under('src/providers', 'src/chats'), {
    file: 'src/delivery/dispatcher.ts',
    target: 'src/chats/telegram/index.ts',
  }),
  noImports('src never imports the tests', under('src'), under('test'), { file: 'src/main.ts', target: 'test/helpers/until.ts' }),
  noImports('the bot never imports a fake server: only the demo runs them', (f) => BOT(f) && !under('src/demo')(f), under('fakes'), {
    file: 'src/app/start-bot.ts',
    target: 'fakes/casso/server.ts',
  }),
  noImports('the fakes import neither the tests nor the bench', under('fakes'), under('test', 'scripts'), {
    file: 'fakes/casso/server.ts',
    target: 'scripts/bench/main.ts',
  }),
  noImports('the bench imports no test', under('scripts'), under('test'), { file: 'scripts/bench/main.ts', target: 'test/helpers/until.ts' }),
  {
    name: 'only its registry imports a provider or chat folder: programs import the registries',
    forbids: ({ file, target }) =>
      BOT(file) && PLUGIN_FOLDERS.some(({ folder, registry }) => under(folder)(target) && !under(folder)(file) && file !== registry),
    planted: { file: 'src/app/start-bot.ts', target: 'src/providers/casso/index.ts' },
  },
  {
    name: "no import reaches past another plug-in folder's index.ts (a provider's, a chat's or a command's)",
    forbids: ({ file, target }) =>
      BOT(file) &&
      [...PLUGIN_FOLDERS.map(({ folder }) => folder), ...COMMAND_FOLDERS].some(
        (folder) => under(folder)(target) && !under(folder)(file) && target !== `${folder}/index.ts`,
      ),
    planted: { file: 'src/providers/index.ts', target: 'src/providers/casso/client.ts' },
  },
  {
    name: 'no provider or chat imports another',
    forbids: ({ file, target }) =>
      PLUGIN_FOLDERS.some(({ folder }) => under(folder)(file) && PLUGIN_FOLDERS.some((other) => other.folder !== folder && under(other.folder)(target))),
    planted: { file: 'src/chats/slack/slack-chat.ts', target: 'src/chats/telegram/index.ts' },
  },
  noImports('render takes plain data: it imports no provider, chat or command', under('src/render'), under('src/providers', 'src/chats', 'src/commands'), {
    file: 'src/render/alert.ts',
    target: 'src/providers/index.ts',
  }),
  noImports('chats and commands meet only through src/core: no chat imports a command', under('src/chats'), under('src/commands'), {
    file: 'src/chats/telegram/telegram-commands.ts',
    target: 'src/commands/index.ts',
  }),
  noImports('no command imports a chat or a provider', under('src/commands'), under('src/chats', 'src/providers'), {
    file: 'src/commands/balance/answer.ts',
    target: 'src/providers/index.ts',
  }),
  {
    name: 'no command reaches into another command',
    forbids: ({ file, target }) => COMMAND_FOLDERS.some((folder) => under(folder)(file) && COMMAND_FOLDERS.some((other) => other !== folder && under(other)(target))),
    planted: { file: 'src/commands/report/answer.ts', target: 'src/commands/find/answer.ts' },
  },
  noImports('the search imports only src/core', under('src/search'), (t) => !under('src/search', 'src/core')(t), {
    file: 'src/search/query.ts',
    target: 'src/render/doc.ts',
  }),
];

describe('the architecture (docs/architecture.md)', () => {
  it('reads every source file and its plug-in folders (the rules below are not vacuous)', () => {
    expect(new Set(IMPORTS.map((imp) => imp.file)).size).toBeGreaterThan(100);
    expect(IMPORTS).toContainEqual({ file: 'src/app/plugins.ts', target: 'src/providers/index.ts' });
    expect(PLUGIN_FOLDERS.map(({ folder }) => folder)).toEqual(expect.arrayContaining(['src/providers/casso', 'src/chats/telegram']));
    expect(new Set(LAYERS.map((entry) => entry.layer))).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7]));
  });

  it('places every source file under src in a layer of docs/architecture.md', () => {
    const files = sourceFiles(SRC).map((file) => path.relative(ROOT, file));
    expect(files.filter((file) => layerOf(file) === undefined)).toEqual([]);
    expect([layerOf('src/core/model.ts'), layerOf('src/providers/casso/client.ts'), layerOf('src/providers/index.ts'), layerOf('src/main.ts')]).toEqual([0, 5, 6, 7]);
  });

  it('keeps every fake server in fakes/', () => {
    const fakeStarters = ['src', 'fakes', 'scripts', 'test']
      .flatMap((folder) => sourceFiles(path.join(ROOT, folder)))
      .filter((file) => /export (async )?function startFake/.test(readFileSync(file, 'utf8')))
      .map((file) => path.relative(ROOT, file));
    expect(fakeStarters.length).toBeGreaterThan(0);
    expect(fakeStarters.filter((file) => !under('fakes')(file))).toEqual([]);
  });

  describe.each(RULES)('$name', (rule) => {
    it('holds for every import', () => {
      expect(IMPORTS.filter((imp) => rule.forbids(imp)).map(({ file, target }) => `${file} → ${target}`)).toEqual([]);
    });

    it('catches a planted import', () => {
      expect(rule.forbids(rule.planted)).toBe(true);
    });
  });
});
