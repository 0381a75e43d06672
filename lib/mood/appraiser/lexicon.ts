import { z } from 'zod';
import { isClauseEnd, isNegator, NEGATION_SCOPE, tokenize } from './features';

/**
 * A valence lexicon read beside the learned model. GoEmotions is Reddit comments: the model
 * knows the words people there use for feelings, but not the wider vocabulary of news and
 * fiction ("bankrupt", "flourish", "tragedy"), where its reading of pleasure falls back to
 * neutral. A lexicon rated by people covers those words. We use VADER's (Hutto and Gilbert
 * 2014, "VADER: A Parsimonious Rule-based Model for Sentiment Analysis of Social Media Text",
 * ICWSM): about 7,500 words, emoticons and slang, each rated by ten people on −4…+4. The
 * lexicon is MIT-licensed upstream (cjhutto/vaderSentiment) and comes to us through the npm
 * package `vader-sentiment` (Apache-2.0); training copies it into weights.json (see
 * scripts/train-appraiser.ts), so it ships with its attribution in the file's `source`.
 */

/** The lexicon as weights.json stores it: words and their valence, compactly. */
export const PackedLexicon = z.object({
  /** Where the ratings come from and under which licence. */
  source: z.string(),
  /** The words, sorted, one per line. */
  words: z.string(),
  /** Each word's mean rating × 10, as signed bytes in base64, in the words' order. */
  valence: z.string(),
});
/** The lexicon's stored shape. */
export type PackedLexicon = z.infer<typeof PackedLexicon>;

/** Word → mean valence rating on VADER's −4…+4 scale. */
export type ValenceLexicon = ReadonlyMap<string, number>;

/**
 * VADER's rule for a negated word (its N_SCALAR): "not good" is not the opposite of "good",
 * it is a weaker negative, so the rating flips and shrinks to 0.74 of itself.
 */
const NEGATED = -0.74;

/** What the lexicon reads from a message. */
export interface LexiconReading {
  /** Mean valence of the rated words (negation applied), −4…+4; 0 when none is rated. */
  valence: number;
  /**
   * How much rated feeling the message carries for its length: Σ|rating| / √(tokens + 1).
   * Affect-laden wording is a cue to arousal whichever its sign.
   */
  affect: number;
  /** How many of its tokens the lexicon rates. */
  hits: number;
}

/** Parses VADER's `vader_lexicon.txt` (`token<TAB>mean<TAB>sd<TAB>[ratings]`); throws on a bad line. */
export function parseVaderLexicon(text: string): Map<string, number> {
  const out = new Map<string, number>();
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const [word, mean] = line.split('\t');
    const value = Number(mean);
    if (!word || !Number.isFinite(value) || Math.abs(value) > 4) {
      throw new Error(`VADER lexicon line ${i + 1}: expected token<TAB>mean rating in −4…4`);
    }
    out.set(word, value);
  });
  return out;
}

/**
 * Keeps the entries the appraiser's tokenizer can meet as one token (multi-word and odd
 * punctuation entries can never match) and packs them. Deterministic: sorted by word.
 */
export function packLexicon(lexicon: ValenceLexicon, source: string): PackedLexicon {
  const words = [...lexicon.keys()]
    .filter((word) => {
      const tokens = tokenize(word);
      return tokens.length === 1 && tokens[0] === word && !word.includes('\n');
    })
    .sort();
  const bytes = Int8Array.from(words, (word) => Math.round(lexicon.get(word)! * 10));
  let binary = '';
  for (const byte of new Uint8Array(bytes.buffer)) binary += String.fromCharCode(byte);
  return { source, words: words.join('\n'), valence: btoa(binary) };
}

/** The inverse of packLexicon; throws a clear error on a malformed entry. */
export function unpackLexicon(input: unknown): Map<string, number> {
  const parsed = PackedLexicon.safeParse(input);
  if (!parsed.success) throw new Error(`Appraiser lexicon is malformed: ${parsed.error.message}`);
  const words = parsed.data.words === '' ? [] : parsed.data.words.split('\n');
  const binary = atob(parsed.data.valence);
  if (binary.length !== words.length) {
    throw new Error(`Appraiser lexicon is malformed: ${words.length} words but ${binary.length} ratings`);
  }
  const out = new Map<string, number>();
  words.forEach((word, i) => out.set(word, ((binary.charCodeAt(i) << 24) >> 24) / 10));
  return out;
}

/**
 * Reads a message with the lexicon: each rated word's rating, flipped and shrunk when a
 * negator precedes it within the same scope the model's features use. Elongated words
 * ("goooood") are looked up at their usual spelling.
 */
export function readLexicon(text: string, lexicon: ValenceLexicon): LexiconReading {
  const tokens = tokenize(text);
  let sum = 0;
  let absolute = 0;
  let hits = 0;
  let negatedLeft = 0;
  for (const token of tokens) {
    if (isClauseEnd(token)) {
      negatedLeft = 0;
      continue;
    }
    const rating =
      lexicon.get(token) ??
      lexicon.get(token.replace(/(\p{L})\1{2,}/gu, '$1$1')) ??
      lexicon.get(token.replace(/(\p{L})\1{2,}/gu, '$1'));
    if (rating !== undefined && !isNegator(token)) {
      sum += negatedLeft > 0 ? NEGATED * rating : rating;
      absolute += Math.abs(rating);
      hits++;
    }
    if (isNegator(token)) negatedLeft = NEGATION_SCOPE;
    else if (negatedLeft > 0) negatedLeft--;
  }
  return {
    valence: hits > 0 ? sum / hits : 0,
    affect: absolute / Math.sqrt(tokens.length + 1),
    hits,
  };
}
