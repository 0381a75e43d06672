import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_CHARS as BACKUP_MAX } from '../backup/limits';
import { MAX_MESSAGE_CHARS, messageLengthProblem } from './message-limits';

describe('message length', () => {
  it('accepts a message up to the cap and refuses one character more, saying how long each is', () => {
    expect(messageLengthProblem('x'.repeat(MAX_MESSAGE_CHARS))).toBeNull();
    expect(messageLengthProblem('x'.repeat(MAX_MESSAGE_CHARS + 1))).toBe(
      'This message is 2,000,001 characters long; Hearth keeps messages up to 2,000,000. ' +
        'Shorten it or split it into several messages.',
    );
  });

  it('is the same cap a backup import enforces, so every stored message can be imported again', () => {
    expect(BACKUP_MAX).toBe(MAX_MESSAGE_CHARS);
  });
});
