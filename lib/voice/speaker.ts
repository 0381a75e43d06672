import type { Prosody } from './prosody';
import type { SpeechEngine } from './speech-engine';

/** What the speaker reports, for the panel's "Speaking…" line and its errors in words. */
export type SpeakerStatus = { phase: 'idle' } | { phase: 'speaking' } | { phase: 'error'; message: string };

/** Says pieces in order, one at a time; interrupted at once. */
export interface Speaker {
  say(pieces: string[], prosody: Prosody, voice: string | null): void;
  /** Stops what is being said and drops what was queued. */
  interrupt(): void;
  readonly status: SpeakerStatus;
  subscribe(listener: (status: SpeakerStatus) => void): () => void;
}

const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';

/**
 * A queue of speech in front of one engine. Every interrupt ends a generation: the piece being
 * said is aborted and later pieces of that generation are dropped, so a new message, Stop or
 * push-to-talk silences the companion at once. An engine error stops the queue and is shown.
 */
export function createSpeaker(engine: () => SpeechEngine | null): Speaker {
  let queue: { text: string; prosody: Prosody; voice: string | null }[] = [];
  let controller = new AbortController();
  let running = false;
  let status: SpeakerStatus = { phase: 'idle' };
  const listeners = new Set<(status: SpeakerStatus) => void>();
  const set = (next: SpeakerStatus) => {
    status = next;
    for (const listener of listeners) listener(status);
  };

  async function run() {
    running = true;
    const signal = controller.signal;
    try {
      while (queue.length && !signal.aborted) {
        const current = engine();
        if (!current) break;
        const piece = queue.shift()!;
        if (status.phase !== 'speaking') set({ phase: 'speaking' });
        try {
          await current.speak(piece, signal);
        } catch (error) {
          if (isAbort(error) || signal.aborted) break;
          queue = [];
          set({ phase: 'error', message: error instanceof Error ? error.message : String(error) });
          return;
        }
      }
      if (!signal.aborted) set({ phase: 'idle' });
    } finally {
      running = false;
      // Pieces queued after an interrupt belong to the new generation: start it.
      if (queue.length && !controller.signal.aborted && signal !== controller.signal) void run();
    }
  }

  return {
    say(pieces, prosody, voice) {
      queue.push(...pieces.map((text) => ({ text, prosody, voice })));
      if (!running) void run();
    },
    interrupt() {
      queue = [];
      controller.abort();
      controller = new AbortController();
      if (status.phase !== 'idle') set({ phase: 'idle' });
    },
    get status() {
      return status;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
