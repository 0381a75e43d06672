import type { KeyValueArea } from './serial-writer';

// Test fakes for the browser edge only: the code under test is the real code.

/** A storage area that, like the browser's, answers on a later task (a round trip to the browser process). */
export function memoryArea(
  initial: Record<string, unknown> = {},
): KeyValueArea & { data: Record<string, unknown> } {
  const data = { ...initial };
  const later = () => new Promise((resolve) => setTimeout(resolve, 0));
  return {
    data,
    async get(key) {
      await later();
      return key in data ? { [key]: structuredClone(data[key]) } : {};
    },
    async set(items) {
      await later();
      Object.assign(data, structuredClone(items));
    },
  };
}
