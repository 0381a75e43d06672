import { PageAsk } from '../messaging/protocol';
import {
  createSerialWriter,
  createStoredValue,
  type KeyValueArea,
  type SerialWriter,
} from '../companion/background/serial-writer';

const KEY = 'pageAsk';
/** A request older than this is stale: the panel that should have taken it never opened. */
export const ASK_TTL_MS = 2 * 60 * 1000;

/**
 * "Ask Hearth about this page / selection", left by the command or the context menu for the
 * panel that opens next, which takes it once. Kept in a storage area (storage.session): the
 * worker may stop between the click and the panel asking.
 */
export function createPageAskStore(area: KeyValueArea, writer: SerialWriter = createSerialWriter()) {
  const value = createStoredValue(
    area,
    KEY,
    (v) =>
      PageAsk.nullable()
        .catch(null)
        .parse(v ?? null),
    writer,
  );
  return {
    leave: (ask: PageAsk) => value.update(() => ({ next: ask, result: undefined })),
    /** The pending request if it is fresh, removed either way. */
    take: (now: number) =>
      value.update((ask) => ({ next: null, result: ask && now - ask.at <= ASK_TTL_MS ? ask : null })),
  };
}

/** The pending-ask store's interface. */
export type PageAskStore = ReturnType<typeof createPageAskStore>;
