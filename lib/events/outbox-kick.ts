import { request, type Transport } from '../messaging/client';
import { onOutboxCommit } from './outbox-store';

/**
 * In a page (panel, options): after each committed outbox write, wake the background to deliver.
 * Several commits in one task send one message. A background that cannot be reached loses
 * nothing: the events wait in the outbox for its next pass (its start, the retry alarm).
 */
export function kickOnCommit(
  transport: Transport,
  defer: (run: () => void) => void = queueMicrotask,
): () => void {
  let queued = false;
  return onOutboxCommit(() => {
    if (queued) return;
    queued = true;
    defer(() => {
      queued = false;
      request(transport, 'outbox/kick', {}).catch(() => undefined);
    });
  });
}
