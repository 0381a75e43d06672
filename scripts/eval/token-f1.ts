/**
 * Token F1 between extracted text and a reference, the figure the `page` suite reports.
 * Tokens are runs of letters, digits and marks, lower-cased; Chinese and Japanese script has
 * no spaces, so each of its characters is a token.
 */
const TOKEN =
  /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]|(?:(?![\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}])[\p{L}\p{N}\p{M}])+/gu;

/** The tokens of `text`, in order. */
export function tokens(text: string): string[] {
  return text.toLowerCase().match(TOKEN) ?? [];
}

/** F1 of the token multisets (1 when both are empty). */
export function tokenF1(candidate: string, reference: string): number {
  const ref = tokens(reference);
  const cand = tokens(candidate);
  if (ref.length === 0 && cand.length === 0) return 1;
  if (ref.length === 0 || cand.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const t of ref) counts.set(t, (counts.get(t) ?? 0) + 1);
  let overlap = 0;
  for (const t of cand) {
    const left = counts.get(t) ?? 0;
    if (left > 0) {
      overlap += 1;
      counts.set(t, left - 1);
    }
  }
  if (overlap === 0) return 0;
  const precision = overlap / cand.length;
  const recall = overlap / ref.length;
  return (2 * precision * recall) / (precision + recall);
}
