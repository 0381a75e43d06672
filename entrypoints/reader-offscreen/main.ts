import { browser } from 'wxt/browser';
import { answerArticleRequest } from '../../lib/context/article-host';

// Chrome's offscreen document (reason DOM_PARSER): the background worker has no DOM, so
// Readability runs here on the page's visible snapshot, never on the page's main thread.
const parser = new DOMParser();
browser.runtime.onMessage.addListener((message, _sender, sendResponse) =>
  answerArticleRequest(message, (html) => parser.parseFromString(html, 'text/html'), sendResponse),
);
