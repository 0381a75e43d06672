/**
 * The browser edge of the companion services: the real storage area behind the
 * KeyValueArea interface. Allowed to import wxt/browser (listed in eslint.config.js).
 */
import { browser } from 'wxt/browser';
import type { KeyValueArea } from './ports';
import type { Transport } from '../messaging/client';

/** storage.local as a KeyValueArea. */
export const localArea: KeyValueArea = {
  get: async (key) => (await browser.storage.local.get(key))[key],
  set: (key, value) => browser.storage.local.set({ [key]: value }),
};

/** The runtime protocol's transport from an extension page to the background (wakes a stopped worker). */
export const runtimeTransport: Transport = (envelope) => browser.runtime.sendMessage(envelope);
