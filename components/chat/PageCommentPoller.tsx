import { useEffect, useRef } from 'preact/hooks';
import type { ChatSession } from '../../lib/companion/chat-session';
import type { ChatStore } from '../../lib/chat/chat-store';
import type { MessageRecord } from '../../lib/db/records';
import { request } from '../../lib/messaging/client';
import { subscribeChanges } from '../../lib/messaging/changes';
import { runtimeTransport } from '../../lib/companion/browser-ports';
import type { Reaction } from '../../lib/page/comment-history';
import type { CommentOffer } from '../../lib/page/comment-messages';
import type { PageCommentWriter, PageRelevance } from '../../lib/page/page-comment-writer';

/** How often the open panel asks the background (it also asks whenever a page is reported). */
export const POLL_MS = 30_000;

/**
 * The open panel's side of page comments: it asks the background every 30 s (which also
 * tells it the panel is open), gives it the page's relevance to the user's memories, writes
 * the comment it is offered into the open conversation, and reports reactions — a reply to
 * a comment included. With the panel closed none of this runs, so nothing is generated.
 * Returns the reaction handler for the comments' buttons.
 */
export function usePageComments(o: {
  session: ChatSession;
  chat: ChatStore;
  writer: PageCommentWriter;
  personaId: () => string;
  enabled: boolean;
  engineReady: boolean;
}): (message: MessageRecord, reaction: Reaction) => void {
  const latest = useRef(o);
  latest.current = o;

  const react = (message: MessageRecord, reaction: Reaction) => {
    const comment = message.pageComment;
    if (!comment) return;
    const { chat, session } = latest.current;
    void (async () => {
      await chat.updateMessage(message.id, { pageComment: { ...comment, reaction } });
      // Not in the middle of a turn (a reply is a reaction too): the turn shows its own messages.
      if (session.state.activeId && !session.state.busy) await session.open(session.state.activeId);
      await request(runtimeTransport, 'page/comment-reaction', { commentId: comment.commentId, reaction });
    })().catch((error: unknown) => console.warn('Hearth: the reaction was not recorded', error));
  };

  useEffect(() => {
    if (!o.enabled) return;
    let stopped = false;
    let working = false;
    let relevance: PageRelevance | undefined;

    const write = async (offer: CommentOffer) => {
      const { session, writer, personaId } = latest.current;
      if (!session.state.activeId) await session.newConversation();
      const conversationId = session.state.activeId;
      if (!conversationId) return;
      const message = await writer.write(offer, conversationId);
      if (!message || stopped) return;
      await session.open(conversationId);
      if (message.status !== 'complete' || !message.content) return;
      await request(runtimeTransport, 'page/comment-shown', {
        commentId: offer.id,
        messageId: message.id,
        personaId: personaId(),
        text: message.content.slice(0, 4000),
      });
    };

    const poll = async () => {
      if (working || stopped) return;
      working = true;
      try {
        const { session, writer, engineReady } = latest.current;
        const panelBusy = session.state.busy || !engineReady;
        const ask = () =>
          request(runtimeTransport, 'page/comment-poll', { panelBusy, ...(relevance ? { relevance } : {}) });
        let answer = await ask();
        if (answer.focus && relevance?.key !== answer.focus.key) {
          relevance = await writer.relevance(answer.focus);
          if (!answer.offer) answer = await ask();
        }
        if (answer.offer && !stopped) await write(answer.offer);
      } catch (error) {
        console.warn('Hearth: page comments could not ask the background', error);
      } finally {
        working = false;
      }
    };

    void poll();
    const timer = setInterval(() => void poll(), POLL_MS);
    const stopChanges = subscribeChanges((change) => {
      if (change.topic === 'page') void poll();
    });
    // A reply to a comment is a reaction too: the first user message after it.
    const replied = new Set<string>();
    const stopReplies = latest.current.session.subscribe((state) => {
      const messages = state.messages;
      for (let i = 1; i < messages.length; i++) {
        const before = messages[i - 1]!;
        if (messages[i]!.role !== 'user' || !before.pageComment || before.pageComment.reaction) continue;
        if (replied.has(before.id)) continue;
        replied.add(before.id);
        react(before, 'replied');
      }
    });
    return () => {
      stopped = true;
      clearInterval(timer);
      stopChanges();
      stopReplies();
    };
  }, [o.enabled, o.session]);

  return react;
}
