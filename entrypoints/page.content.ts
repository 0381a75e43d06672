import { defineContentScript } from 'wxt/utils/define-content-script';
import { browser } from 'wxt/browser';
import { startPageReader, type PageReader } from '../lib/context/page-reader';

// Injected into the tab the user opens Hearth on (activeTab), and registered for the sites
// the user allowed when "notice what I browse" is on (lib/context/reader-registration.ts);
// never in private windows or on blocked sites. Readability runs in the extension, not here.
const KEY = Symbol.for('hearth.pageReader');

export default defineContentScript({
  matches: ['<all_urls>'],
  registration: 'runtime',
  main() {
    // Injected again (the user asked again): read again, do not start a second reader.
    // The property lives in the extension's isolated world; the page cannot see it.
    const holder = window as unknown as Record<symbol, PageReader | undefined>;
    const running = holder[KEY];
    if (running) return void running.readNow();
    holder[KEY] = startPageReader(window, (envelope) => browser.runtime.sendMessage(envelope));
  },
});
