import { describe, expect, it } from 'vitest';
import { loadAppraiser } from '../../lib/mood/appraiser/appraiser';
import { evaluateEmotion, parseEmotionRows, taxonomyOf } from './emotion';
import { importWeights } from '../../lib/mood/appraiser/weights-module';

const GROUP = ['ambiguous', 'negative', 'neutral', 'positive'];

describe('the emotion suite', () => {
  it('recognises the taxonomy from labels.txt and refuses an unknown one', () => {
    expect(taxonomyOf(GROUP).name).toBe('group');
    expect(taxonomyOf(['anger', 'disgust', 'fear', 'joy', 'neutral', 'sadness', 'surprise']).name).toBe(
      'ekman',
    );
    expect(() => taxonomyOf(['happy', 'sad'])).toThrow(/neither/);
  });

  it('rejects a malformed row naming its line', () => {
    expect(() => parseEmotionRows('fine\t9\tid1\n', 4)).toThrow(/line 1/);
    expect(() => parseEmotionRows('ok\t1\tid1\nbad row\n', 4)).toThrow(/line 2/);
    expect(parseEmotionRows('ok\t1,3\tid1\n', 4)).toEqual([{ text: 'ok', labels: [1, 3] }]);
  });

  it('scores clear messages right and counts per label', async () => {
    const rows = [
      { text: 'Thank you so much, I love it!', labels: [3] },
      { text: 'This is disgusting and I hate it.', labels: [1] },
      { text: 'The train leaves at 9.', labels: [2] },
      { text: 'Wait, what? I am so confused.', labels: [0] },
    ];
    const result = evaluateEmotion(await loadAppraiser(importWeights), rows, GROUP, undefined);
    expect(result).toMatchObject({ suite: 'emotion', taxonomy: 'group', n: 4, accuracy: 100, macroF1: 100 });
    expect(result.perLabel.negative).toMatchObject({ f1: 100, support: 1 });
    const wrong = evaluateEmotion(
      await loadAppraiser(importWeights),
      [{ text: 'I love it!', labels: [1] }],
      GROUP,
      undefined,
    );
    expect(wrong.accuracy).toBe(0);
    expect(wrong.perLabel.negative!.recall).toBe(0);
  });

  it('picks with the weights’ class offsets when it is given them', async () => {
    const appraiser = await loadAppraiser(importWeights);
    const rows = [{ text: 'Thank you so much, I love it!', labels: [3] }];
    expect(evaluateEmotion(appraiser, rows, GROUP, undefined, 0.5, {}).accuracy).toBe(100);
    // An offset no probability can overcome makes 'negative' the only pick.
    const skewed = evaluateEmotion(appraiser, rows, GROUP, undefined, 0.5, { negative: 100 });
    expect(skewed.accuracy).toBe(0);
    expect(skewed.perLabel.negative).toMatchObject({ precision: 0 });
  });
});
