/**
 * The page reader as it runs in a page (entrypoints/page.content.ts): takes a snapshot of
 * what a person can see (extract/snapshot.ts) once the page is idle and sends it to the
 * background, which decides whether it may be read and finds the article. It follows a
 * single-page app: when the address changes without a load (history.pushState, back and
 * forward), the new page is read once it has settled. A new selection is sent as a small
 * report of its own. Imports no validation library: this script stays small.
 */
import { selectedVisibleText } from './extract/selection-text';
import { snapshotVisiblePage, type SnapshotDeps } from './extract/snapshot';

/** How a message leaves the page (runtime.sendMessage in the extension). */
export type ReaderTransport = (envelope: unknown) => Promise<unknown>;

/** Timings of the reader; the defaults suit a person, tests shorten them. */
export interface PageReaderOptions {
  /** How often the address is looked at (a pushState is not an event the script can hear). */
  pollMs?: number;
  /** How long after a change of address the new page is left to render before reading. */
  settleMs?: number;
  /** How long a selection must rest before it is sent. */
  selectionMs?: number;
  snapshot?: SnapshotDeps;
}

/** A running reader. */
export interface PageReader {
  /** Reads the page again now (the user asked about it again). */
  readNow(): Promise<void>;
  /** Stops following the page. */
  stop(): void;
}

/** The address without its fragment: a new fragment is the same page. */
const pageOf = (href: string) => href.split('#')[0]!;

/**
 * Sends, and again (twice, a moment apart) if the background did not answer: a message sent
 * as the worker is being stopped fails although the worker then starts again.
 */
async function send(transport: ReaderTransport, type: string, payload: unknown): Promise<void> {
  const envelope = { hearth: 1, type, payload };
  for (let attempt = 0; ; attempt++) {
    try {
      const reply = (await transport(envelope)) as { ok?: boolean; error?: { message?: string } } | undefined;
      // A refusal is an answer: said once in the page's console, not retried.
      if (reply?.ok === false)
        return void console.warn('Hearth did not read this page:', reply.error?.message);
      // No answer at all (the worker went away mid-message) counts as a failure too.
      if (reply && typeof reply === 'object') return;
      throw new Error('no answer');
    } catch (error) {
      if (attempt >= 2) return void console.warn('Hearth could not send this page:', error);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }
}

/** Whether the selection covers a text node with words that the last walk did not keep. */
function selectsUnjudgedText(win: Window, known: WeakSet<Text>): boolean {
  const selection = win.getSelection();
  if (!selection || selection.isCollapsed) return false;
  for (let i = 0; i < selection.rangeCount; i++) {
    const range = selection.getRangeAt(i);
    const root = range.commonAncestorContainer;
    if (root.nodeType === 3) {
      if (!known.has(root as Text) && /\S/.test((root as Text).data)) return true;
      continue;
    }
    const walker = win.document.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (range.intersectsNode(node) && !known.has(node as Text) && /\S/.test((node as Text).data))
        return true;
    }
  }
  return false;
}

/** Starts reading the page shown in `win`. */
export function startPageReader(
  win: Window & typeof globalThis,
  transport: ReaderTransport,
  options: PageReaderOptions = {},
): PageReader {
  const { pollMs = 1000, settleMs = 500, selectionMs = 600 } = options;
  let visibleText: Text[] = [];
  let known = new WeakSet<Text>();
  let shown = pageOf(win.location.href);
  let running: Promise<void> | null = null;
  let again = false;
  let settle: ReturnType<typeof setTimeout> | undefined;
  let selectionTimer: ReturnType<typeof setTimeout> | undefined;

  async function readOnce(): Promise<void> {
    const { snapshot, visibleText: found } = await snapshotVisiblePage(win, options.snapshot);
    visibleText = found;
    known = new WeakSet(found);
    await send(transport, 'page/visible', snapshot);
  }
  function readNow(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = readOnce()
      .catch((error: unknown) => console.warn('Hearth could not read this page:', error))
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          void readNow();
        }
      });
    return running;
  }
  const checkAddress = () => {
    const now = pageOf(win.location.href);
    if (now === shown) return;
    shown = now;
    clearTimeout(settle);
    settle = setTimeout(() => void readNow(), settleMs);
  };
  const onSelection = () => {
    clearTimeout(selectionTimer);
    selectionTimer = setTimeout(() => {
      // Text the last walk never judged (the page changed since): read the page again,
      // which judges it and sends the selection with the snapshot.
      if (selectsUnjudgedText(win, known)) return void readNow();
      const selection = selectedVisibleText(win.getSelection(), visibleText).slice(0, 4000);
      void send(transport, 'page/report', {
        url: win.location.href,
        title: win.document.title.slice(0, 500),
        selection,
      });
    }, selectionMs);
  };

  const poll = setInterval(checkAddress, pollMs);
  win.addEventListener('popstate', checkAddress);
  win.document.addEventListener('selectionchange', onSelection);
  void readNow();
  return {
    readNow,
    stop() {
      clearInterval(poll);
      clearTimeout(settle);
      clearTimeout(selectionTimer);
      win.removeEventListener('popstate', checkAddress);
      win.document.removeEventListener('selectionchange', onSelection);
    },
  };
}
