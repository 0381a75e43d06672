/**
 * Chrome's speechSynthesis stops speaking an utterance after about 15 s
 * (https://issues.chromium.org/issues/41294170), so speech is queued as pieces shorter than
 * this, each ending at a sentence boundary where there is one.
 */
export const MAX_PIECE_CHARS = 150;

const sentenceSegmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
const wordSegmenter = new Intl.Segmenter('en', { granularity: 'word' });

/** The sentences of `text`, trimmed, by the platform's Unicode sentence rules (UAX #29). */
export function sentences(text: string): string[] {
  return [...sentenceSegmenter.segment(text)].map((s) => s.segment.trim()).filter(Boolean);
}

/** The sentences of `text` with where each ends in it (for resuming after what was said). */
export function sentenceSpans(text: string): { text: string; end: number }[] {
  return [...sentenceSegmenter.segment(text)]
    .map((s) => ({ text: s.segment.trim(), end: s.index + s.segment.length }))
    .filter((s) => s.text);
}

/** Cuts one over-long sentence: after a comma, semicolon or dash if one is far enough in, else between words. */
function cutLong(sentence: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = sentence;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    let cut = Math.max(window.lastIndexOf(', '), window.lastIndexOf('; '), window.lastIndexOf(' – '));
    if (cut < max / 3) {
      // No clause break in reach: the last word boundary (never inside a word).
      cut = -1;
      for (const w of wordSegmenter.segment(window))
        if (w.index > 0 && w.segment.trim() === '') cut = w.index;
    }
    if (cut <= 0) cut = max - 1; // one word longer than a piece: a hard cut is all there is
    pieces.push(rest.slice(0, cut + 1).trim());
    rest = rest.slice(cut + 1).trim();
  }
  if (rest) pieces.push(rest);
  return pieces;
}

/**
 * Splits speakable text into pieces of at most `max` characters: whole sentences, joined while
 * they fit (fewer, longer pieces sound more natural), and a sentence longer than `max` cut at
 * a clause or word boundary.
 */
export function splitForSpeech(text: string, max = MAX_PIECE_CHARS): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const sentence of sentences(text)) {
    for (const part of sentence.length > max ? cutLong(sentence, max) : [sentence]) {
      if (current && current.length + 1 + part.length <= max) current = `${current} ${part}`;
      else {
        if (current) pieces.push(current);
        current = part;
      }
    }
  }
  if (current) pieces.push(current);
  return pieces;
}
