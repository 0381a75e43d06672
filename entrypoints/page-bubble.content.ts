import { defineContentScript } from 'wxt/utils/define-content-script';
import { browser } from 'wxt/browser';
import { BubbleShow } from '../lib/page/comment-messages';
import { showBubble } from '../lib/page/bubble/bubble-view';

// The in-page comment bubble: injected by the background only into the tab a comment is
// about (when the bubble is on), never registered for all sites. Its one message back is
// "dismissed", which the background accepts only for a comment in this very tab.
export default defineContentScript({
  matches: ['<all_urls>'],
  registration: 'runtime',
  main() {
    const flag = globalThis as { hearthBubble?: true };
    if (flag.hearthBubble) return; // injected again for a later comment: one listener is enough
    flag.hearthBubble = true;
    browser.runtime.onMessage.addListener((message: unknown, _sender, respond: (r: unknown) => void) => {
      const bubble = BubbleShow.safeParse(message);
      if (!bubble.success) return respond({ shown: false });
      const shown = showBubble(document, bubble.data, () => {
        // The protocol's envelope, sent directly: the typed client would bring every message's schema into the page.
        const payload = { commentId: bubble.data.commentId, reaction: 'dismissed' };
        void browser.runtime
          .sendMessage({ hearth: 1, type: 'page/comment-reaction', payload })
          .catch((error: unknown) => console.warn('Hearth: the dismissal was not recorded', error));
      });
      respond({ shown });
    });
  },
});
