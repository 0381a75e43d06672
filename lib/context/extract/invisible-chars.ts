/**
 * Characters that render as nothing but that a model still reads: Unicode tag characters
 * (U+E0000–U+E007F, used to smuggle ASCII instructions), zero-width spaces and joiners, bidi
 * controls that reorder what is shown, and other format and control characters. Page text
 * loses them before it goes anywhere.
 */
// \p{Cf} covers zero-width, bidi and tag characters; \p{Cc} the C0/C1 controls. Tab and
// newline are kept: they are layout, and the extractor's own line breaks.
const INVISIBLE = /[\p{Cf}\p{Co}\u{E0000}-\u{E007F}]|(?![\t\n])\p{Cc}/gu;

/** `text` without invisible characters, and how many were removed. */
export function stripInvisible(text: string): { text: string; removed: number } {
  let removed = 0;
  const clean = text.replace(INVISIBLE, () => {
    removed += 1;
    return '';
  });
  return { text: clean, removed };
}
