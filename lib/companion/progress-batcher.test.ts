import { describe, expect, it } from 'vitest';
import { createProgressBatcher } from './progress-batcher';

describe('createProgressBatcher', () => {
  it('shows only the latest update per frame, and the final one at once', () => {
    const frames: (() => void)[] = [];
    const shown: string[] = [];
    const batcher = createProgressBatcher<string>(
      (v) => shown.push(v),
      (render) => frames.push(render),
    );
    batcher.push('a');
    batcher.push('ab');
    batcher.push('abc');
    expect(frames).toHaveLength(1);
    frames.shift()!();
    expect(shown).toEqual(['abc']);
    batcher.push('abcd');
    batcher.final('abcde');
    frames.shift()!(); // a frame that runs after the final update shows nothing older
    expect(shown).toEqual(['abc', 'abcde']);
  });
});
