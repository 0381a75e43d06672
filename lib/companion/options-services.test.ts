import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { openHearthDb } from '../db/open';
import { createMemoryStore } from '../memory/memory-store';
import { createOptionsServices } from './options-services';

describe('the options page services', () => {
  it('export, wipe and import over one database, and the manager sees the memories come back', async () => {
    fakeBrowser.reset();
    const db = await openHearthDb({ name: `options-services-${crypto.randomUUID()}` });
    const { backup, memories } = createOptionsServices(db);
    await createMemoryStore(db).add({
      text: 'Porto has blue tiles',
      kind: 'page',
      provenance: { type: 'page', url: 'https://example.com/porto' },
    });
    expect((await backup.countStores()).memories).toBe(1);
    const file = await backup.exportBackup({ sections: ['memories'] });

    await backup.wipe({ storage: { local: fakeBrowser.storage.local } });
    expect(await memories.loadAll()).toEqual([]);

    const result = await backup.importBackup(file, { mode: 'merge' });
    expect(result.counts.memories).toBe(1);
    expect((await memories.loadAll()).map((m) => m.text)).toEqual(['Porto has blue tiles']);
  });
});
