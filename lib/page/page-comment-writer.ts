import type { MessageRecord, PersonaRecord } from '../db/records';
import type { ChatStore } from '../chat/chat-store';
import type { ChatEngine } from '../llm/engine';
import { isAbort, toEngineError } from '../llm/errors';
import { assemblePrompt } from '../llm/prompt-assembly';
import type { MemoryService } from '../memory/memory-service';
import type { RetrievedMemory } from '../memory/retrieval/types';
import type { MoodLogEntry, MoodView, RelationshipView } from '../mood/types';
import { turnMoodContext } from '../mood/mood-words';
import { buildSystemPrompt } from '../persona/system-prompt';
import { randomBoundary } from '../context/extract/prompt-block';
import type { Settings } from '../settings/schema';
import { chipsFor, memorySlot } from '../companion/remembered-lines';
import type { CommentOffer } from './comment-messages';
import { COMMENT_NOTE, NOTICED_NOTE, commentPageSlot } from './comment-prompt';
import { articleOf } from './page-article';
import { pageKeyOf } from './tracking/page-key';

/** What the panel's comment writer is built from (the chat session's own services). */
export interface PageCommentWriterDeps {
  chat: ChatStore;
  memory: Pick<MemoryService, 'recall'>;
  persona: () => PersonaRecord;
  settings: () => Settings;
  engine: () => ChatEngine | null;
  now: () => number;
  /** The current mood and relationship (mood/get); null when the background cannot say. */
  mood?: (
    personaId: string,
  ) => Promise<{ mood: MoodView; relationship: RelationshipView; causes?: MoodLogEntry[] } | null>;
  /** The tab's page record (page/current), with the read article once the reader adds it. */
  page: (tabId: number) => Promise<unknown>;
  makeBoundary?: () => string;
}

/** How closely a page touches what Hearth remembers of the user, for the policy. */
export interface PageRelevance {
  key: string;
  score: number;
  memory?: string;
}

/**
 * Writes page comments in the open panel: the persona, the current mood, memories recalled
 * for the page's topic, and the page only as the quoted untrusted block. The comment is
 * stored as the companion's message, marked with the page and why. Nothing here writes a
 * memory, changes a setting or emits an event: a page can cause a remark, nothing more.
 */
export function createPageCommentWriter(deps: PageCommentWriterDeps) {
  const makeBoundary = deps.makeBoundary ?? (() => randomBoundary());
  const recall = (text: string) =>
    deps.memory.recall(text, { now: deps.now(), exclude: new Set() }).catch((error: unknown) => {
      console.warn('Hearth: recall for a page comment failed', error);
      return [] as RetrievedMemory[];
    });

  /** The page as the prompt may quote it: the reader's article when it is this page's and not suspect, else title and address. */
  async function pageFor(offer: CommentOffer) {
    const bare = { url: offer.url, title: offer.title, text: '' };
    if (offer.kind === 'noticed') return bare;
    const article = articleOf(await deps.page(offer.tabId).catch(() => null));
    if (!article || article.injectionSuspected) return bare;
    if (pageKeyOf(article.url)?.key !== pageKeyOf(offer.url)?.key) return bare;
    return {
      url: offer.url,
      title: article.title || offer.title,
      text: article.text,
      headings: article.headings,
      selection: article.selection,
    };
  }

  return {
    /** Relevance of the focused page to the user's memories: the best recalled memory's relevance. */
    async relevance(focus: { key: string; title: string; topic: readonly string[] }): Promise<PageRelevance> {
      const found = await recall([focus.title, ...focus.topic].join(' '));
      const best = found.reduce<RetrievedMemory | null>(
        (top, m) => (!top || m.components.relevance > top.components.relevance ? m : top),
        null,
      );
      if (!best) return { key: focus.key, score: 0 };
      return {
        key: focus.key,
        score: Math.max(0, Math.min(1, best.components.relevance)),
        memory: best.record.text.slice(0, 300),
      };
    },

    /** Writes the comment into `conversationId`; null without an engine. Resolves with the stored message. */
    async write(
      offer: CommentOffer,
      conversationId: string,
      signal?: AbortSignal,
    ): Promise<MessageRecord | null> {
      const engine = deps.engine();
      if (!engine) return null;
      const persona = deps.persona();
      const settings = deps.settings();
      const now = deps.now();
      const page = await pageFor(offer);
      const pair = await deps.mood?.(persona.id).catch(() => null);
      const mood = turnMoodContext(pair ? { ...pair, causes: pair.causes ?? [] } : null, { now });
      const recalled = await recall([offer.title, ...offer.topic].join(' '));
      const contextWindow = engine.contextWindow();
      const reserveForReply = Math.min(settings.generation.maxReplyTokens, 256);
      const slots = [
        ...mood.slots,
        memorySlot(recalled, persona.name, now),
        commentPageSlot(page, contextWindow - reserveForReply, makeBoundary),
      ];
      const prompt = assemblePrompt({
        system: buildSystemPrompt(persona, new Date(now)),
        slots,
        history: [{ role: 'user', content: offer.kind === 'noticed' ? NOTICED_NOTE : COMMENT_NOTE }],
        contextWindow,
        reserveForReply,
      });
      const included = prompt.slots.find((s) => s.name === 'memories')?.included ?? [];
      const chips = chipsFor(recalled, included);
      const message = await deps.chat.addMessage({
        conversationId,
        role: 'assistant',
        content: '',
        status: 'stopped',
        engine: engine.kind,
        model: engine.loadedModel() ?? undefined,
        ...(chips.length ? { memories: chips } : {}),
        pageComment: {
          commentId: offer.id,
          kind: offer.kind,
          url: offer.url,
          title: offer.title,
          why: offer.why,
        },
      });
      let text = '';
      let ending: Pick<MessageRecord, 'status' | 'error'> = { status: 'complete' };
      try {
        for await (const delta of engine.stream(prompt.messages, {
          signal,
          temperature: settings.generation.temperature,
          maxTokens: reserveForReply,
        }))
          text += delta;
      } catch (error) {
        ending =
          isAbort(error) || signal?.aborted
            ? { status: 'stopped' }
            : { status: 'error', error: toEngineError(error).message };
      }
      return deps.chat.updateMessage(message.id, { content: text.trim(), ...ending });
    },
  };
}

/** The page comment writer's interface. */
export type PageCommentWriter = ReturnType<typeof createPageCommentWriter>;
