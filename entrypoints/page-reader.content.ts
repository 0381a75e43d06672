import { defineContentScript } from 'wxt/utils/define-content-script';
import { readVisiblePage } from '../lib/context/extract/read-page';

// The heavy reader (the visibility walk and Readability), kept out of page.content.ts so the
// script injected on every invocation stays small. Registered nowhere yet: whoever decides
// a page may be read injects it into that tab (scripting.executeScript with this file), and
// the PageRead that main() resolves to is the injection's result.
export default defineContentScript({
  matches: ['<all_urls>'],
  registration: 'runtime',
  main: () => readVisiblePage(window),
});
