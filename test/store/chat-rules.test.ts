import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../src/core/chat-rules.js';
import { Store } from '../../src/store/store.js';
import { tempDir } from '../helpers/temp-dir.js';

const open: Store[] = [];
afterEach(async () => {
  for (const store of open.splice(0)) await store.close();
});

describe('chat rules in the store', () => {
  it('are on disk once set, and read back after a restart', async () => {
    const dataDir = await tempDir();
    const first = await Store.open({ dataDir });
    expect(first.chatRules('telegram:-100')).toEqual(DEFAULT_RULES);
    await first.setChatRules('telegram:-100', { ...DEFAULT_RULES, min: 500_000 });
    // No close: what a crash right after the echo would leave.
    const onDisk = JSON.parse(await readFile(path.join(dataDir, 'state.json'), 'utf8')) as { chatRules: Record<string, { min: number }> };
    expect(onDisk.chatRules['telegram:-100']?.min).toBe(500_000);
    await first.close();

    const second = await Store.open({ dataDir });
    open.push(second);
    expect(second.chatRules('telegram:-100').min).toBe(500_000);
    expect(second.chatRules('slack:C1')).toEqual(DEFAULT_RULES);
  });

  it('opens a state file written before rules existed, every chat on the defaults', async () => {
    const dataDir = await tempDir();
    const store = await Store.open({ dataDir });
    await store.close();
    const file = path.join(dataDir, 'state.json');
    const older = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    delete older.chatRules;
    await writeFile(file, JSON.stringify(older));
    const reopened = await Store.open({ dataDir });
    open.push(reopened);
    expect(reopened.chatRules('telegram:-100')).toEqual(DEFAULT_RULES);
  });
});
