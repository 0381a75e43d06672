import { speakableText } from './speakable-text';
import { sentenceSpans, splitForSpeech } from './split-speech';

/** Feeds a growing reply in and gets complete pieces of speech out, each once. */
export interface SentenceStreamer {
  /** The reply so far (Markdown). Pieces whose sentences are complete are emitted. */
  update(markdown: string): void;
  /** The whole reply: whatever was held back (the last sentence) is emitted. */
  finish(markdown: string): void;
}

/**
 * Speech starts with the first complete sentence while the reply still streams. The reply so
 * far is turned into speakable text (so an unfinished code block is never read), and every
 * sentence after what was already said, but the last (which may still be growing), is emitted
 * once. A sentence counts as complete when another one has begun after it.
 *
 * What was said is remembered as text, not as a count: a later chunk can change how earlier
 * Markdown reads (an inline code span closing swallows the words it held), and speech resumes
 * after the last sentence said wherever it now is.
 */
export function createSentenceStreamer(emit: (pieces: string[]) => void): SentenceStreamer {
  let said = '';
  let lastSentence = '';
  let finished = false;
  const flush = (markdown: string, final: boolean) => {
    if (finished) return;
    finished = final;
    const text = speakableText(markdown);
    let start = said.length;
    if (!text.startsWith(said)) {
      const at = lastSentence ? text.lastIndexOf(lastSentence) : -1;
      start = at >= 0 ? at + lastSentence.length : Math.min(said.length, text.length);
    }
    const spans = sentenceSpans(text.slice(start));
    const ready = final ? spans : spans.slice(0, -1);
    if (ready.length === 0) return;
    said = text.slice(0, start + ready.at(-1)!.end);
    lastSentence = ready.at(-1)!.text;
    const pieces = splitForSpeech(ready.map((s) => s.text).join(' '));
    if (pieces.length) emit(pieces);
  };
  return {
    update: (markdown) => flush(markdown, false),
    finish: (markdown) => flush(markdown, true),
  };
}
