import type { Prosody } from './prosody';
import { createSentenceStreamer, type SentenceStreamer } from './sentence-streamer';
import type { Speaker } from './speaker';

/** The part of the chat session's state the reply speaker follows (lib/companion/chat-session.ts). */
export interface ChatView {
  messages: readonly { id: string; role: string; content: string; status: string }[];
  streamingId: string | null;
}

/** What the reply speaker needs to decide how and whether to speak. */
export interface ReplySpeakerDeps {
  speaker: Speaker;
  /** Voice on for the active persona (the global toggle and the persona's own). */
  enabled: () => boolean;
  /** The voice for this reply: the mood now, read when the reply starts. */
  voice: () => Promise<{ prosody: Prosody; voice: string | null }>;
}

/**
 * A small subscriber to the chat session: it reads the streaming reply as the session
 * publishes it and speaks each complete sentence while the rest still streams. A new user
 * message interrupts speech at once; so does a reply that was stopped. Messages that were
 * already there when it started (history) are never spoken.
 */
export function createReplySpeaker(deps: ReplySpeakerDeps) {
  const seen = new Set<string>();
  let started = false;
  let reply: { id: string; streamer: SentenceStreamer; done: boolean } | null = null;
  // The voice is read once per reply; pieces wait for it in order.
  let voice: Promise<{ prosody: Prosody; voice: string | null }> | null = null;

  // Every interrupt starts a new generation: pieces still waiting for the voice are dropped.
  let generation = 0;
  const interrupt = () => {
    generation++;
    deps.speaker.interrupt();
  };

  const say = (pieces: string[]) => {
    const pending = voice;
    const ticket = generation;
    if (!pending) return;
    void pending.then(
      (v) => ticket === generation && deps.enabled() && deps.speaker.say(pieces, v.prosody, v.voice),
      () => undefined,
    );
  };

  return {
    /** Call with every state the session publishes. */
    observe(state: ChatView): void {
      if (!started) {
        // What is on screen when the panel opens is history.
        for (const m of state.messages) seen.add(m.id);
        started = true;
      }
      for (const m of state.messages) {
        if (seen.has(m.id)) continue;
        seen.add(m.id);
        if (m.role === 'user') {
          interrupt();
          reply = null;
        }
      }
      if (state.streamingId && reply?.id !== state.streamingId) {
        interrupt();
        if (!deps.enabled()) {
          reply = null;
          return;
        }
        reply = { id: state.streamingId, streamer: createSentenceStreamer(say), done: false };
        voice = deps.voice();
      }
      if (!reply || reply.done) return;
      const message = state.messages.find((m) => m.id === reply!.id);
      if (!message) return;
      if (state.streamingId === reply.id) {
        reply.streamer.update(message.content);
        return;
      }
      // The reply ended: a stopped one goes quiet with it; a finished one says its last sentence.
      reply.done = true;
      if (message.status === 'stopped') interrupt();
      else reply.streamer.finish(message.content);
    },
    /** Stops speaking (the Stop button, push-to-talk). */
    interrupt(): void {
      interrupt();
      if (reply) reply.done = true;
    },
  };
}

/** The reply speaker the panel subscribes to its chat session. */
export type ReplySpeaker = ReturnType<typeof createReplySpeaker>;
