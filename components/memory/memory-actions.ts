import { publishChange } from '../../lib/messaging/changes';

/** A change notice carries at most this many ids (the Change schema's limit). */
const IDS_PER_NOTICE = 10_000;

/** Tells other contexts (an open side panel) which memories changed; large sets go in several notices. */
export function publishMemoryChange(ids: readonly string[]): void {
  for (let i = 0; i < ids.length; i += IDS_PER_NOTICE) {
    publishChange({ topic: 'memories', ids: ids.slice(i, i + IDS_PER_NOTICE) });
  }
}
