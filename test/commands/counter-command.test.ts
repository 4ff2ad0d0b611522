import { describe, expect, it } from 'vitest';
import { createBalanceReader } from '../../src/commands/balance/balance-reader.js';
import { answerCommand, type CommandDeps } from '../../src/commands/index.js';
import { wordsOf } from '../../src/core/command.js';
import { silentLogger } from '../../src/log/logger.js';
import { toPlainText } from '../../src/render/plain-text.js';
import { searchOver } from '../helpers/search-over.js';
import { openFileStore } from '../../src/store/files/file-store.js';
import type { MemoryStore } from '../../src/store/memory-store.js';
import { memoryRuleBook } from '../helpers/memory-rules.js';
import { renderContext } from '../helpers/render-context.js';
import { tempDir } from '../helpers/temp-dir.js';

const CHAT = '-1001';
const URL_ROOT = 'https://pay.example.vn';

async function deps(options: { web: boolean }): Promise<{ deps: CommandDeps; store: MemoryStore }> {
  const store = await openFileStore({ dataDir: await tempDir() });
  const deps: CommandDeps = {
    balances: createBalanceReader({ sources: [], watch: null, logger: silentLogger }),
    search: searchOver([]),
    render: renderContext('vi'),
    rules: memoryRuleBook('telegram', [CHAT]),
    logger: silentLogger,
    counter: options.web ? { links: store, publicUrl: URL_ROOT } : undefined,
  };
  return { deps, store };
}

async function ask(d: CommandDeps, args: string, chatId = CHAT, allowed = true): Promise<string> {
  return toPlainText(wordsOf(await answerCommand({ command: 'counter', args, chatId, allowed, platform: 'telegram' }, d)));
}

describe('/counter', () => {
  it('gives the chat its link, the same one each time, and revokes it with /counter off', async () => {
    const { deps: d, store } = await deps({ web: true });
    const first = await ask(d, '');
    const link = /https:\/\/pay\.example\.vn\/counter\/([A-Za-z0-9_-]{32})/.exec(first);
    expect(link?.[1]).toBe(store.counterLink(`telegram:${CHAT}`)?.secret);
    expect(await ask(d, '')).toContain(link?.[0]);
    expect(await ask(d, 'OFF')).toContain('Đã thu hồi');
    expect(store.counterLink(`telegram:${CHAT}`)).toBeUndefined();
    expect(await ask(d, 'off')).toContain('chưa có liên kết');
    expect(await ask(d, '')).not.toContain(link?.[0]);
    await store.close();
  });

  it('says what it takes when the bot serves no pages, when the value is wrong, and refuses a chat not allowed', async () => {
    const { deps: without, store } = await deps({ web: false });
    expect(await ask(without, '')).toContain('WEB_PORT');
    const { deps: d, store: other } = await deps({ web: true });
    expect(await ask(d, 'please')).toContain('/counter off');
    expect(await ask(d, '', '-1009', false)).not.toContain('counter/');
    expect(other.counterLinks()).toEqual({});
    // A chat that gets no alerts has no counter screen.
    expect(await ask(d, '', '-1009')).toContain('không nhận thông báo');
    await Promise.all([store.close(), other.close()]);
  });
});
