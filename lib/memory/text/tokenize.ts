import { stem } from './stem';
import { STOPWORDS } from './stopwords';

// Letters and digits of any script, with inner apostrophes ("don't", "Caroline's").
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;
const DIACRITICS = /\p{M}+/gu;

/** Lowercase words of a text, diacritics folded, possessive 's dropped; stopwords kept. */
export function words(text: string): string[] {
  const folded = text.normalize('NFKD').replace(DIACRITICS, '').toLowerCase();
  const out: string[] = [];
  for (const match of folded.matchAll(WORD)) {
    let w = match[0].replace(/’/g, "'");
    if (w.endsWith("'s")) w = w.slice(0, -2);
    out.push(w);
  }
  return out;
}

/** Whether a lowercase word is a stopword. */
export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

// Stemming is the costly step and conversation vocabulary repeats: remember recent stems.
const STEM_CACHE_LIMIT = 50_000;
const stems = new Map<string, string>();
function cachedStem(word: string): string {
  let s = stems.get(word);
  if (s === undefined) {
    if (stems.size >= STEM_CACHE_LIMIT) stems.clear();
    s = stem(word);
    stems.set(word, s);
  }
  return s;
}

/** Index terms of a text: words without stopwords, contractions split off, stemmed. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const w of words(text)) {
    if (STOPWORDS.has(w)) continue;
    // "she'd" and "couldn't" that escaped the stopword list keep only their head.
    const head = w.includes("'") ? w.slice(0, w.indexOf("'")) : w;
    if (head.length === 0 || STOPWORDS.has(head)) continue;
    out.push(cachedStem(head));
  }
  return out;
}
