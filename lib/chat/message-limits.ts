/**
 * How long one message may be. A backup refuses longer messages on import (lib/backup/limits.ts
 * uses this same constant), so a longer message typed here would make the user's own backup
 * unimportable: the composer and the chat session refuse it before it is stored.
 */

/** The longest message, in characters (UTF-16 code units, as `String.length` counts). */
export const MAX_MESSAGE_CHARS = 2_000_000;

/** Why `text` cannot be sent as a message, or null when it can. */
export function messageLengthProblem(text: string): string | null {
  if (text.length <= MAX_MESSAGE_CHARS) return null;
  return (
    `This message is ${text.length.toLocaleString('en')} characters long; ` +
    `Hearth keeps messages up to ${MAX_MESSAGE_CHARS.toLocaleString('en')}. ` +
    'Shorten it or split it into several messages.'
  );
}
