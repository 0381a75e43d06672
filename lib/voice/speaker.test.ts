import { describe, expect, it } from 'vitest';
import { createSpeaker } from './speaker';
import type { SpeechEngine, SpeechPiece } from './speech-engine';
import { SpeechError, abortError } from './speech-engine';

/** An engine whose pieces the test finishes one by one. */
function manualEngine() {
  const said: { piece: SpeechPiece; finish: () => void; fail: (e: Error) => void }[] = [];
  const engine: SpeechEngine = {
    id: 'browser',
    ranges: { rate: [0, 10] },
    voices: async () => [],
    speak: (piece, signal) =>
      new Promise<void>((resolve, reject) => {
        signal.addEventListener('abort', () => reject(abortError()), { once: true });
        said.push({ piece, finish: resolve, fail: reject });
      }),
  };
  return { engine, said };
}
const tick = () => new Promise((r) => setTimeout(r, 0));
const prosody = { rate: 1, pitch: 1, volume: 1 };

describe('speaker', () => {
  it('says pieces one at a time, in order', async () => {
    const { engine, said } = manualEngine();
    const speaker = createSpeaker(() => engine);
    speaker.say(['One.', 'Two.'], prosody, 'v');
    await tick();
    expect(said.map((s) => s.piece.text)).toEqual(['One.']);
    expect(speaker.status.phase).toBe('speaking');
    said[0]!.finish();
    await tick();
    expect(said.map((s) => s.piece.text)).toEqual(['One.', 'Two.']);
    said[1]!.finish();
    await tick();
    expect(speaker.status.phase).toBe('idle');
  });

  it('an interrupt silences the piece being said and drops the queue; new speech starts fresh', async () => {
    const { engine, said } = manualEngine();
    const speaker = createSpeaker(() => engine);
    speaker.say(['One.', 'Two.', 'Three.'], prosody, null);
    await tick();
    speaker.interrupt();
    speaker.say(['Fresh.'], prosody, null);
    await tick();
    await tick();
    expect(said.map((s) => s.piece.text)).toEqual(['One.', 'Fresh.']);
  });

  it('stops and says why when the engine fails', async () => {
    const { engine, said } = manualEngine();
    const speaker = createSpeaker(() => engine);
    speaker.say(['One.', 'Two.'], prosody, null);
    await tick();
    said[0]!.fail(new SpeechError('The speech server answered 500.'));
    await tick();
    expect(speaker.status).toEqual({ phase: 'error', message: 'The speech server answered 500.' });
    expect(said).toHaveLength(1);
  });
});
