import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  startScriptedMediaServer,
  FAKE_MP3,
  type ScriptedMediaServer,
} from '../../test/support/scripted-media-server';
import { createOpenAiSpeech } from './openai-speech';
import { SpeechError } from './speech-engine';

let server: ScriptedMediaServer;
beforeEach(async () => {
  server = await startScriptedMediaServer();
});
afterEach(() => server.close());

const piece = { text: 'Hello there.', prosody: { rate: 0.8, pitch: 0.9, volume: 0.8 }, voice: 'nova' };

function engine(played: Blob[] = []) {
  return createOpenAiSpeech(
    { baseUrl: `${server.origin}/v1/`, model: 'kokoro', apiKey: 'k1' },
    { fetch, play: async (audio) => void played.push(audio) },
  );
}

describe('OpenAI-compatible speech against a scripted server', () => {
  it('asks for the piece with the voice and the mood as speed, and plays the audio it gets', async () => {
    const played: Blob[] = [];
    await engine(played).speak(piece, new AbortController().signal);
    expect(server.requests).toHaveLength(1);
    const request = server.requests[0]!;
    expect(request.path).toBe('/v1/audio/speech');
    expect(JSON.parse(request.body)).toEqual({
      model: 'kokoro',
      input: 'Hello there.',
      voice: 'nova',
      speed: 0.8,
      response_format: 'mp3',
    });
    expect(played).toHaveLength(1);
    expect(Buffer.from(await played[0]!.arrayBuffer())).toEqual(FAKE_MP3);
  });

  it('says what went wrong on an error status and on an answer that is not audio', async () => {
    server.script('speech', { kind: 'status', status: 500 }, { kind: 'wrong' });
    const played: Blob[] = [];
    await expect(engine(played).speak(piece, new AbortController().signal)).rejects.toThrow(
      /answered 500: .*scripted 500/,
    );
    const notAudio = engine(played).speak(piece, new AbortController().signal);
    await expect(notAudio).rejects.toBeInstanceOf(SpeechError);
    await expect(notAudio).rejects.toThrow(/text\/html, not audio/);
    expect(played).toHaveLength(0);
  });

  it('says so when the server cannot be reached', async () => {
    const origin = server.origin;
    await server.close();
    const gone = createOpenAiSpeech({ baseUrl: `${origin}/v1`, model: 'm' }, { fetch, play: async () => {} });
    await expect(gone.speak(piece, new AbortController().signal)).rejects.toThrow(/could not be reached/);
    server = await startScriptedMediaServer(); // for afterEach
  });

  it('stops at once when interrupted, while waiting for the server', async () => {
    server.script('speech', { kind: 'ok', hold: true });
    const controller = new AbortController();
    const speaking = engine().speak(piece, controller.signal);
    while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    await expect(speaking).rejects.toMatchObject({ name: 'AbortError' });
  });
});
