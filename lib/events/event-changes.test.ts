import { describe, expect, it } from 'vitest';
import { openHearthDb } from '../db/open';
import { createChatStore } from '../chat/chat-store';
import { createMemoryStore } from '../memory/memory-store';
import { createPersonaStore } from '../persona/persona-store';
import type { Change } from '../messaging/changes';
import { announceCommits } from './event-changes';
import { pageCommentEvent } from './source-events';
import { createEvent } from './event-types';

describe('live sync from committed events', () => {
  it('messages, memories and personas written anywhere are announced to the other contexts', async () => {
    const db = await openHearthDb({ name: `event-changes-${crypto.randomUUID()}` });
    const heard: Change[] = [];
    const stop = announceCommits((change) => heard.push(change));
    const chat = createChatStore(db);
    const conversation = await chat.createConversation('default');
    await chat.addMessage({
      conversationId: conversation.id,
      role: 'user',
      content: 'hi',
      status: 'complete',
    });
    await createMemoryStore(db, { newId: () => 'mem1' }).add({
      text: 'The user says hi.',
      kind: 'episode',
      provenance: { type: 'messages', messageIds: ['x'] },
    });
    const personas = createPersonaStore(db);
    await personas.save({ ...(await personas.get('default')), name: 'Ash' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    stop();
    expect(heard).toEqual([
      { topic: 'messages', conversationId: conversation.id },
      { topic: 'memories', ids: ['mem1'] },
      { topic: 'personas', ids: ['default'] },
    ]);
    db.close();
  });

  it('the page-comment event a later store writes is a valid, thin event', () => {
    const event = createEvent(pageCommentEvent('pc1', 'default'), {
      now: () => 1,
      randomBytes: (b) => crypto.getRandomValues(b),
    });
    expect(event).toMatchObject({
      type: 'page_comment.made',
      data: { commentId: 'pc1', personaId: 'default' },
      idempotencyKey: 'page_comment.made:pc1',
    });
  });
});
