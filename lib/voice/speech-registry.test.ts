import { describe, expect, it } from 'vitest';
import { createSpeechEngine } from './speech-registry';
import { DEFAULT_VOICE_SETTINGS } from './voice-settings';

const browser = {
  synthesis: { speak: () => {}, cancel: () => {}, getVoices: () => [] },
  utterance: (text: string) => ({ text }) as SpeechSynthesisUtterance,
};
const platform = { browser, fetch, play: async () => {} };

describe('speech engine registry', () => {
  it('chooses the browser by default and the server when asked, each with its own ranges', () => {
    expect(createSpeechEngine(DEFAULT_VOICE_SETTINGS, platform).engine?.id).toBe('browser');
    const server = createSpeechEngine({ ...DEFAULT_VOICE_SETTINGS, engine: 'openai' }, platform).engine;
    expect(server?.id).toBe('openai');
    expect(server?.ranges).toEqual({ rate: [0.25, 4] });
  });

  it('says why when the chosen engine cannot work here', () => {
    expect(createSpeechEngine(DEFAULT_VOICE_SETTINGS, { ...platform, browser: null })).toEqual({
      engine: null,
      reason: 'This browser has no speech synthesis.',
    });
    const noUrl = {
      ...DEFAULT_VOICE_SETTINGS,
      engine: 'openai' as const,
      openai: { baseUrl: '', model: 'm' },
    };
    expect(createSpeechEngine(noUrl, platform)).toMatchObject({ engine: null, reason: /No speech server/ });
  });
});
