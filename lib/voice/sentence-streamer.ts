import { speakableText } from './speakable-text';
import { sentences, splitForSpeech } from './split-speech';

/** Feeds a growing reply in and gets complete pieces of speech out, each once. */
export interface SentenceStreamer {
  /** The reply so far (Markdown). Pieces whose sentences are complete are emitted. */
  update(markdown: string): void;
  /** The whole reply: whatever was held back (the last sentence) is emitted. */
  finish(markdown: string): void;
}

/**
 * Speech starts with the first complete sentence while the reply still streams. The reply so
 * far is turned into speakable text (so an unfinished code block is never read), split into
 * sentences, and every sentence but the last, which may still be growing, is emitted once.
 * A sentence counts as complete when another one has begun after it.
 */
export function createSentenceStreamer(emit: (pieces: string[]) => void): SentenceStreamer {
  let spoken = 0;
  let finished = false;
  const flush = (markdown: string, final: boolean) => {
    if (finished) return;
    const all = sentences(speakableText(markdown));
    const ready = final ? all.length : Math.max(0, all.length - 1);
    if (ready > spoken) {
      const pieces = splitForSpeech(all.slice(spoken, ready).join(' '));
      spoken = ready;
      if (pieces.length) emit(pieces);
    }
    finished = final;
  };
  return {
    update: (markdown) => flush(markdown, false),
    finish: (markdown) => flush(markdown, true),
  };
}
