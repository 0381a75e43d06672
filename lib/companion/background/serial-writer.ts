/**
 * Runs asynchronous steps one at a time, in the order they were queued. Background state
 * that several events update (the page map, the wake counter, later the mood and the event
 * outbox) is stored whole in a storage area: two events that each read it, change it and
 * write it back at the same time would each write over the other's change. Every such
 * read-modify-write goes through one writer, so each step sees the previous one's result.
 */
export interface SerialWriter {
  /** Queues `step`; resolves or rejects with its outcome. A failed step does not stop the queue. */
  run<T>(step: () => Promise<T>): Promise<T>;
}

/** Creates a writer with its own queue. The background keeps exactly one and shares it. */
export function createSerialWriter(): SerialWriter {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run<T>(step: () => Promise<T>): Promise<T> {
      const result = tail.then(step);
      // The next step waits for this one to settle, whether it succeeded or not.
      tail = result.catch(() => undefined);
      return result;
    },
  };
}

/** The part of a storage area the background's state needs (storage.session/local in the extension). */
export interface KeyValueArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

/**
 * One value kept under `key` in `area` and changed only through `writer`: `update` reads
 * the current value (through `parse`, which turns stored data of an older or damaged shape
 * into a usable one), applies `change`, writes the result and returns it.
 */
export function createStoredValue<T>(
  area: KeyValueArea,
  key: string,
  parse: (stored: unknown) => T,
  writer: SerialWriter,
) {
  const read = async (): Promise<T> => parse((await area.get(key))[key]);
  return {
    read,
    update<R>(change: (current: T) => { next: T; result: R }): Promise<R> {
      return writer.run(async () => {
        const { next, result } = change(await read());
        await area.set({ [key]: next });
        return result;
      });
    },
  };
}

/** A value kept in a storage area and changed through a serial writer. */
export type StoredValue<T> = ReturnType<typeof createStoredValue<T>>;
