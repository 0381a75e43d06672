import { defineContentScript } from 'wxt/utils/define-content-script';
import { browser } from 'wxt/browser';
import { sendPageReport } from '../lib/context/page-reporter';

// Injected only into a tab the user opened Hearth on (activeTab); never registered for
// all sites. It reads the title, address and selection, nothing else, and never from a
// password or payment field.
export default defineContentScript({
  matches: ['<all_urls>'],
  registration: 'runtime',
  main() {
    const transport = (envelope: unknown) => browser.runtime.sendMessage(envelope);
    const selectionText = () => {
      const active = document.activeElement;
      if (active instanceof HTMLInputElement && ['password', 'email', 'tel'].includes(active.type)) return '';
      if (active?.closest('[autocomplete^="cc-"], form[action*="pay" i]')) return '';
      return (window.getSelection()?.toString() ?? '').slice(0, 4000);
    };
    // Sent again once if the worker was stopped (lib/context/page-reporter.ts).
    const report = () =>
      sendPageReport(transport, {
        url: location.href,
        title: document.title.slice(0, 500),
        selection: selectionText(),
      }).catch((error: unknown) => console.warn('Hearth could not report this page:', error));

    void report();
    let timer: ReturnType<typeof setTimeout> | undefined;
    document.addEventListener('selectionchange', () => {
      clearTimeout(timer);
      timer = setTimeout(report, 600);
    });
  },
});
