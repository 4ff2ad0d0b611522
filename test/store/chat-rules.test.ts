import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../src/core/chat-rules.js';
import { createLogger } from '../../src/log/logger.js';
import { openFileStore } from '../../src/store/files/file-store.js';
import type { MemoryStore } from '../../src/store/memory-store.js';
import { tempDir } from '../helpers/temp-dir.js';

const open: MemoryStore[] = [];
afterEach(async () => {
  for (const store of open.splice(0)) await store.close();
});

describe('chat rules in the store', () => {
  it('are on disk once set, and read back after a restart', async () => {
    const dataDir = await tempDir();
    const first = await openFileStore({ dataDir });
    expect(first.chatRules('telegram:-100')).toEqual(DEFAULT_RULES);
    await first.setChatRules('telegram:-100', { ...DEFAULT_RULES, min: 500_000 });
    // No close: what a crash right after the echo would leave.
    const onDisk = JSON.parse(await readFile(path.join(dataDir, 'state.json'), 'utf8')) as { chatRules: Record<string, { min: number }> };
    expect(onDisk.chatRules['telegram:-100']?.min).toBe(500_000);
    await first.close();

    const second = await openFileStore({ dataDir });
    open.push(second);
    expect(second.chatRules('telegram:-100').min).toBe(500_000);
    expect(second.chatRules('slack:C1')).toEqual(DEFAULT_RULES);
  });

  it('opens a state file written before rules existed, every chat on the defaults', async () => {
    const dataDir = await tempDir();
    const store = await openFileStore({ dataDir });
    await store.close();
    const file = path.join(dataDir, 'state.json');
    const older = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    delete older.chatRules;
    await writeFile(file, JSON.stringify(older));
    const reopened = await openFileStore({ dataDir });
    open.push(reopened);
    expect(reopened.chatRules('telegram:-100')).toEqual(DEFAULT_RULES);
  });

  it("starts with the defaults for a chat whose stored rules cannot be read, keeps the others, and says so", async () => {
    const dataDir = await tempDir();
    const store = await openFileStore({ dataDir });
    await store.setChatRules('telegram:-100', { ...DEFAULT_RULES, min: 500_000 });
    await store.close();
    const file = path.join(dataDir, 'state.json');
    // What an older bankbell wrote for `/alerts constructor` (the function dropped by JSON) and `/lang __proto__`.
    const state = JSON.parse(await readFile(file, 'utf8')) as { chatRules: Record<string, unknown> };
    const withoutAlerts: Record<string, unknown> = { ...DEFAULT_RULES };
    delete withoutAlerts.alerts;
    state.chatRules['slack:C1'] = withoutAlerts;
    state.chatRules['telegram:-200'] = { ...DEFAULT_RULES, lang: {} };
    await writeFile(file, JSON.stringify(state));

    const logs: string[] = [];
    const reopened = await openFileStore({ dataDir, logger: createLogger({ level: 'info', write: (line) => logs.push(line) }) });
    open.push(reopened);
    expect(reopened.chatRules('telegram:-100').min).toBe(500_000);
    expect(reopened.chatRules('slack:C1')).toEqual(DEFAULT_RULES);
    expect(reopened.chatRules('telegram:-200')).toEqual(DEFAULT_RULES);
    const warning = logs.find((line) => line.includes('rules.unreadable'));
    expect(warning).toContain('slack:C1');
    expect(warning).toContain('telegram:-200');
    // The next write leaves them out: the file reads back cleanly.
    await reopened.setChatRules('telegram:-100', { ...DEFAULT_RULES, min: 600_000 });
    expect(Object.keys((JSON.parse(await readFile(file, 'utf8')) as { chatRules: object }).chatRules)).toEqual(['telegram:-100']);
  });
});
