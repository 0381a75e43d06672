import { describe, expect, it } from 'vitest';
import { createBrowserSpeech, type SynthesisApi } from './browser-speech';

/** speechSynthesis at the edge: records utterances; the test ends or cancels them. */
function fakeSynthesis() {
  const spoken: SpeechSynthesisUtterance[] = [];
  const voices = [
    { name: 'Local', lang: 'en-GB', voiceURI: 'local-1', localService: true },
    { name: 'Cloud', lang: 'en-US', voiceURI: 'cloud-1', localService: false },
  ] as SpeechSynthesisVoice[];
  const synthesis: SynthesisApi & { spoken: typeof spoken; cancelled: number } = {
    spoken,
    cancelled: 0,
    speak: (u) => void spoken.push(u),
    cancel() {
      this.cancelled++;
      const current = spoken.at(-1);
      current?.onerror?.({ error: 'interrupted' } as SpeechSynthesisErrorEvent);
    },
    getVoices: () => voices,
  };
  const utterance = (text: string) => ({ text }) as SpeechSynthesisUtterance;
  return { synthesis, utterance };
}

describe('browser speechSynthesis engine', () => {
  it('speaks a piece with its rate, pitch, volume and chosen voice, and resolves when it ends', async () => {
    const fake = fakeSynthesis();
    const engine = createBrowserSpeech(fake);
    const done = engine.speak(
      { text: 'Hi.', prosody: { rate: 0.8, pitch: 0.9, volume: 0.7 }, voice: 'cloud-1' },
      new AbortController().signal,
    );
    const u = fake.synthesis.spoken[0]!;
    expect(u).toMatchObject({ text: 'Hi.', rate: 0.8, pitch: 0.9, volume: 0.7 });
    expect(u.voice?.name).toBe('Cloud');
    u.onend?.({} as SpeechSynthesisEvent);
    await done;
  });

  it('lists voices and marks those made by a remote service', async () => {
    const voices = await createBrowserSpeech(fakeSynthesis()).voices();
    expect(voices).toEqual([
      { id: 'local-1', label: 'Local (en-GB)', remote: false },
      { id: 'cloud-1', label: 'Cloud (en-US)', remote: true },
    ]);
  });

  it('cancels at once on abort, and reports a real failure in words', async () => {
    const fake = fakeSynthesis();
    const engine = createBrowserSpeech(fake);
    const controller = new AbortController();
    const speaking = engine.speak(
      { text: 'A.', prosody: { rate: 1, pitch: 1, volume: 1 }, voice: null },
      controller.signal,
    );
    controller.abort();
    await expect(speaking).rejects.toMatchObject({ name: 'AbortError' });
    expect(fake.synthesis.cancelled).toBe(1);

    const failing = engine.speak(
      { text: 'B.', prosody: { rate: 1, pitch: 1, volume: 1 }, voice: null },
      new AbortController().signal,
    );
    fake.synthesis.spoken.at(-1)!.onerror?.({ error: 'synthesis-failed' } as SpeechSynthesisErrorEvent);
    await expect(failing).rejects.toThrow('The browser could not speak (synthesis-failed).');
  });
});
