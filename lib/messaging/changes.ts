import { z } from 'zod';

/**
 * What changed, so that every open context can refresh the part it shows. `wipe` means
 * everything was erased: an open context drops its state and database handle and starts
 * fresh, instead of writing into what was wiped.
 */
export const Change = z.object({
  topic: z.enum([
    'conversations',
    'messages',
    'personas',
    'settings',
    'memories',
    'page',
    'mood',
    'webhooks',
    'wipe',
  ]),
  /** Ids of the changed records (for `mood`: the persona whose mood or relationship changed), when the change is about particular ones. */
  ids: z.array(z.string()).max(10_000).optional(),
  /** The conversation a `messages` change belongs to. */
  conversationId: z.string().optional(),
});
export type Change = z.infer<typeof Change>;

const CHANNEL = 'hearth-changes';

/**
 * Tells the other contexts of this extension (panel, options page, background) that
 * stored data changed. BroadcastChannel reaches every same-origin context, including the
 * service worker, and never the sender itself: callers update their own view directly.
 */
export function publishChange(change: Change): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(CHANNEL);
  channel.postMessage(Change.parse(change));
  channel.close();
}

/** Calls `listener` for every valid change another context publishes; returns the unsubscribe. */
export function subscribeChanges(listener: (change: Change) => void): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => {};
  const channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = (event: MessageEvent) => {
    const parsed = Change.safeParse(event.data);
    if (parsed.success) listener(parsed.data);
    else console.warn('Hearth: ignored a malformed change notice', parsed.error.issues[0]);
  };
  return () => channel.close();
}

/** Live changes as the services see them: tests fake this edge, the extension uses BroadcastChannel. */
export interface ChangeChannel {
  publish(change: Change): void;
  subscribe(listener: (change: Change) => void): () => void;
}

/** The extension's change channel (BroadcastChannel between its contexts). */
export const broadcastChanges: ChangeChannel = { publish: publishChange, subscribe: subscribeChanges };
