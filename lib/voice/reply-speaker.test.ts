import { describe, expect, it } from 'vitest';
import { createReplySpeaker, type ChatView } from './reply-speaker';
import type { Speaker } from './speaker';

function recordingSpeaker() {
  const log: string[] = [];
  const speaker: Speaker = {
    say: (pieces, prosody) => log.push(...pieces.map((p) => `${p} @${prosody.rate}`)),
    interrupt: () => log.push('interrupt'),
    status: { phase: 'idle' },
    subscribe: () => () => {},
  };
  return { speaker, log };
}
const flush = () => new Promise((r) => setTimeout(r, 0));
const msg = (id: string, role: string, content: string, status = 'complete') => ({
  id,
  role,
  content,
  status,
});

describe('reply speaker', () => {
  it('speaks a streaming reply sentence by sentence, in the voice read when it started, never history', async () => {
    const { speaker, log } = recordingSpeaker();
    let voiceReads = 0;
    const replies = createReplySpeaker({
      speaker,
      enabled: () => true,
      voice: async () => ({ prosody: { rate: 0.8 + voiceReads++, pitch: 1, volume: 1 }, voice: null }),
    });
    const history = [msg('h1', 'user', 'Old.'), msg('h2', 'assistant', 'Old reply. Never spoken.')];
    replies.observe({ messages: history, streamingId: null });
    const user = msg('u1', 'user', 'Hi');
    const states: ChatView[] = [
      { messages: [...history, user], streamingId: null },
      {
        messages: [...history, user, msg('r1', 'assistant', 'First one. Sec', 'streaming')],
        streamingId: 'r1',
      },
      {
        messages: [...history, user, msg('r1', 'assistant', 'First one. Second one. Th', 'streaming')],
        streamingId: 'r1',
      },
      {
        messages: [...history, user, msg('r1', 'assistant', 'First one. Second one. Third.')],
        streamingId: null,
      },
    ];
    for (const s of states) {
      replies.observe(s);
      await flush();
    }
    expect(log).toEqual(['interrupt', 'interrupt', 'First one. @0.8', 'Second one. @0.8', 'Third. @0.8']);
    expect(voiceReads).toBe(1);
  });

  it('a new user message interrupts; a stopped reply goes quiet; voice off says nothing', async () => {
    const { speaker, log } = recordingSpeaker();
    let on = true;
    const replies = createReplySpeaker({
      speaker,
      enabled: () => on,
      voice: async () => ({ prosody: { rate: 1, pitch: 1, volume: 1 }, voice: null }),
    });
    replies.observe({ messages: [], streamingId: null });
    replies.observe({ messages: [msg('r1', 'assistant', 'One. Two', 'streaming')], streamingId: 'r1' });
    await flush();
    replies.observe({
      messages: [msg('r1', 'assistant', 'One. Two'), msg('u2', 'user', 'wait')],
      streamingId: null,
    });
    expect(log).toEqual(['interrupt', 'One. @1', 'interrupt']);
    log.length = 0;
    replies.observe({ messages: [msg('r2', 'assistant', 'A. B', 'streaming')], streamingId: 'r2' });
    replies.observe({ messages: [msg('r2', 'assistant', 'A. B. C', 'stopped')], streamingId: null });
    await flush();
    expect(log.at(-1)).toBe('interrupt');
    log.length = 0;
    on = false;
    replies.observe({ messages: [msg('r3', 'assistant', 'Quiet. Please', 'streaming')], streamingId: 'r3' });
    replies.observe({ messages: [msg('r3', 'assistant', 'Quiet. Please.')], streamingId: null });
    await flush();
    expect(log.filter((l) => l !== 'interrupt')).toEqual([]);
  });
});
