/**
 * The panel's side of "Ask Hearth about this page / selection": it takes the request the
 * command or context menu left in the background, follows that tab's page record, and gives
 * the next turn the page through the prompt's `page` slot as the quoted untrusted block
 * (extract/prompt-block.ts), sized to the slot's share of the window. After that turn the
 * request is done; asking again starts another. Pure: messages go through the transport.
 */
import { request, type Transport } from '../messaging/client';
import type { ChangeChannel } from '../messaging/changes';
import type { PageAsk, PageContext } from '../messaging/protocol';
import type { PromptSlot } from '../llm/prompt-assembly';
import { DEFAULT_SHARES } from '../llm/prompt-assembly';
import { pagePromptBlock, randomBoundary } from './extract/prompt-block';

/** What the panel shows about the page being asked about. */
export interface PageAskState {
  ask: PageAsk | null;
  /** The tab's page record, with what was read of it once the background has it. */
  page: PageContext | null;
}

/** Characters per token the block is sized with (the conservative estimate's ratio). */
const CHARS_PER_TOKEN = 3;

/** Creates the panel's page source over the runtime transport and the change channel. */
export function createPagePromptSource(deps: {
  transport: Transport;
  changes?: ChangeChannel;
  makeBoundary?: () => string;
}) {
  const makeBoundary = deps.makeBoundary ?? (() => randomBoundary());
  let state: PageAskState = { ask: null, page: null };
  const listeners = new Set<(state: PageAskState) => void>();
  const set = (next: PageAskState) => {
    state = next;
    for (const listener of listeners) listener(state);
  };

  async function refresh(): Promise<PageAskState> {
    const taken = await request(deps.transport, 'page/take-ask', {});
    const ask = taken ?? state.ask;
    if (!ask) return state;
    const page = await request(deps.transport, 'page/current', { tabId: ask.tabId });
    set({ ask, page });
    return state;
  }

  return {
    get: () => state,
    refresh,
    subscribe(listener: (state: PageAskState) => void): () => void {
      listeners.add(listener);
      const stop = deps.changes?.subscribe((change) => {
        if (change.topic === 'page') void refresh().catch(() => undefined);
      });
      return () => {
        listeners.delete(listener);
        stop?.();
      };
    },
    /** The user dismissed the request: the next turn is about the conversation only. */
    dismiss: () => set({ ask: null, page: null }),
    /**
     * The page slot of the next turn, within `roomTokens`; null when nothing was asked or the
     * page was not read (a blocked site, a pause). Using it ends the request.
     */
    async slot(roomTokens: number): Promise<PromptSlot | null> {
      const { ask, page } = await refresh();
      const article = page?.article;
      if (!ask || !page || !article) return null;
      const maxChars = Math.floor(roomTokens * CHARS_PER_TOKEN) - 200;
      let block: string;
      try {
        block = pagePromptBlock(
          {
            url: article.url,
            title: article.title,
            headings: article.headings,
            text: article.text,
            selection: ask.kind === 'selection' ? page.selection || article.selection : '',
          },
          { maxChars, makeBoundary },
        );
      } catch {
        return null; // too little room for any page text: the turn goes on without it
      }
      set({ ask: null, page });
      const heading =
        ask.kind === 'selection'
          ? 'The user asks about the text they selected on this page.'
          : 'The user asks about the page they have open.';
      return { name: 'page', heading, items: [block], share: DEFAULT_SHARES.page };
    },
  };
}

/** The panel's page source. */
export type PagePromptSource = ReturnType<typeof createPagePromptSource>;
