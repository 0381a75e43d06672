/**
 * A conservative token count for budgeting prompts when the engine's own tokenizer is not
 * at hand. English runs about 4 characters a token in common tokenizers; counting 3 keeps
 * us on the safe side. Other scripts (CJK, emoji) often take a token or more per
 * character, so they count 1.5.
 */
export function estimateTokens(text: string): number {
  let ascii = 0;
  let other = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) < 128) ascii++;
    else other++;
  }
  return Math.ceil(ascii / 3 + other * 1.5);
}

/** Tokens a chat template adds around each message (role markers, separators). */
export const PER_MESSAGE_OVERHEAD = 6;
