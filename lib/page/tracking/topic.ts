import { isStopword, words } from '../../memory/text/tokenize';

/** How many keywords a page's topic keeps. */
export const TOPIC_SIZE = 6;

// Words that name the site or the page's furniture rather than what it is about.
const NOISE = new Set(
  'home page blog news article articles post posts index www com org net html menu login sign new best top guide read more official site'.split(
    ' ',
  ),
);

/**
 * A cheap summary of what a page is about: its most frequent content words, the title's
 * counting double (a heading repeats the title's words less often than the body would).
 * Deterministic: ties go to the word seen first. No model is needed to compare two pages.
 */
export function topicOf(title: string, headings: readonly string[] = []): string[] {
  const counts = new Map<string, { n: number; first: number }>();
  let order = 0;
  const add = (text: string, weight: number) => {
    for (const word of words(text)) {
      if (word.length < 3 || isStopword(word) || NOISE.has(word) || /^\d+$/.test(word)) continue;
      const entry = counts.get(word) ?? { n: 0, first: order++ };
      entry.n += weight;
      counts.set(word, entry);
    }
  };
  add(title.slice(0, 500), 2);
  for (const heading of headings.slice(0, 40)) add(heading.slice(0, 200), 1);
  return [...counts.entries()]
    .sort(([, a], [, b]) => b.n - a.n || a.first - b.first)
    .slice(0, TOPIC_SIZE)
    .map(([word]) => word);
}

/** How much two topics share (Jaccard over their keywords), 0 to 1. */
export function topicOverlap(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const left = new Set(a);
  const shared = b.filter((w) => left.has(w)).length;
  return shared / (left.size + new Set(b).size - shared);
}
