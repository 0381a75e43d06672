/**
 * promptAssemblyMsP50: the time from "the user pressed send" to "the prompt is ready" with
 * 10,000 messages stored in the conversation: reading the recent history from IndexedDB
 * (fake-indexeddb in Node) and fitting it into the window. Run: npx tsx scripts/bench/prompt.ts
 */
import 'fake-indexeddb/auto';
import { openHearthDb } from '../../lib/db/open';
import { createChatStore } from '../../lib/chat/chat-store';
import { HISTORY_LOOKBACK } from '../../lib/chat/chat-turn';
import { assemblePrompt } from '../../lib/llm/prompt-assembly';
import { buildSystemPrompt } from '../../lib/persona/system-prompt';
import { defaultPersona } from '../../lib/persona/default-persona';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function benchPromptAssembly(messages = 10_000, runs = 50) {
  const db = await openHearthDb({ name: `bench-prompt-${Date.now()}` });
  const store = createChatStore(db);
  const conversation = await store.createConversation('default');
  // Seeded in bulk (one transaction) so the benchmark measures reading, not writing.
  const tx = db.transaction('messages', 'readwrite');
  // An odd count ends on the user message being answered.
  for (let i = 1; i <= messages + 1; i++) {
    void tx.store.add({
      id: `m${i}`,
      conversationId: conversation.id,
      seq: i - 1,
      role: i % 2 === 1 ? 'user' : 'assistant',
      content: `Message ${i}: ${'a sentence about the day, plans and feelings. '.repeat(1 + (i % 5))}`,
      createdAt: i,
      status: 'complete',
    });
  }
  await tx.done;
  const system = buildSystemPrompt(defaultPersona());
  const samples: number[] = [];
  let kept = 0;
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    const history = await store.getMessages(conversation.id, { limit: HISTORY_LOOKBACK });
    const prompt = assemblePrompt({
      system,
      history: history.map((m) => ({ role: m.role, content: m.content })),
      contextWindow: 8192,
      reserveForReply: 512,
    });
    samples.push(performance.now() - start);
    kept = prompt.messages.length - 1;
  }
  samples.sort((a, b) => a - b);
  db.close();
  return {
    promptAssemblyMsP50: Number(percentile(samples, 50).toFixed(2)),
    promptAssemblyMsP95: Number(percentile(samples, 95).toFixed(2)),
    storedMessages: messages,
    turnsInPrompt: kept,
    note: 'Node 20 with fake-indexeddb; context window 8192, reply reserve 512',
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchPromptAssembly()));
}
